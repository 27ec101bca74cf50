using Glm.Inference.Engine;

namespace Glm.Inference.Tests.Engine;

public class SlotSelectorTests
{
    [Fact]
    public void LongestCommonPrefixWins()
    {
        var first = Slot(0, lastUsed: 1, 1, 2, 3);
        var second = Slot(1, lastUsed: 2, 1, 2, 9, 9);

        var (slot, prefix) = SlotSelector.Choose([first, second], [1, 2, 3, 4]);

        Assert.Same(first, slot);
        Assert.Equal(3, prefix);
    }

    [Fact]
    public void OnATieTheLeastRecentlyUsedSlotIsTaken()
    {
        var first = Slot(0, lastUsed: 5, 7);
        var second = Slot(1, lastUsed: 3, 8);

        var (slot, prefix) = SlotSelector.Choose([first, second], [1, 2]);

        Assert.Same(second, slot);
        Assert.Equal(0, prefix);
    }

    [Fact]
    public void AnUnrelatedPromptLeavesALongCacheAlone()
    {
        var longCache = Slot(0, lastUsed: 2, [.. Enumerable.Range(1, 100)]);
        var other = Slot(1, lastUsed: 1, 9);

        var (slot, prefix) = SlotSelector.Choose([longCache, other], [1, 2, .. Enumerable.Range(500, 30)]);

        Assert.Same(other, slot);
        Assert.Equal(0, prefix);
    }

    [Fact]
    public void APromptThatIsAPrefixOfALongCacheStaysInThatSlot()
    {
        var longCache = Slot(0, lastUsed: 2, [.. Enumerable.Range(1, 100)]);
        var empty = Slot(1, lastUsed: 1);

        var (slot, prefix) = SlotSelector.Choose([longCache, empty], [.. Enumerable.Range(1, 40)]);

        Assert.Same(longCache, slot);
        Assert.Equal(40, prefix);
    }

    [Fact]
    public void An_engine_without_slots_is_an_error()
    {
        var error = Assert.Throws<InvalidOperationException>(() => SlotSelector.Choose([], [1, 2]));

        Assert.Equal("The engine has no slots.", error.Message);
    }

    private static KvSlot Slot(int id, long lastUsed, params int[] tokens)
    {
        var slot = new KvSlot(id) { LastUsed = lastUsed };
        slot.Tokens.AddRange(tokens);
        return slot;
    }
}
