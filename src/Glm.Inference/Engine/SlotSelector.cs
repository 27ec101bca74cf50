namespace Glm.Inference.Engine;

/// <summary>Chooses the slot that serves a prompt most cheaply, reusing the longest cached prefix it can.</summary>
internal static class SlotSelector
{
    /// <summary>
    /// Evaluating a token now costs four times as much as dropping a cached one: a cache may be wanted again (the other
    /// document, the next keystroke), but the user is waiting for this answer. So a prompt that is a prefix of a long
    /// cache stays in that slot, while an unrelated prompt sharing only <c>[gMASK]&lt;sop&gt;</c> goes to another slot
    /// instead of wiping a long cache. On a tie the least recently used slot is taken.
    /// </summary>
    internal const double DroppedTokenWeight = 0.25;

    public static (KvSlot Slot, int CommonPrefix) Choose(IReadOnlyList<KvSlot> slots, IReadOnlyList<int> prompt)
    {
        KvSlot? best = null;
        var bestPrefix = 0;
        var bestCost = double.MaxValue;
        foreach (var slot in slots)
        {
            var prefix = CommonPrefixLength(slot.Tokens, prompt);
            var cost = (prompt.Count - prefix) + (DroppedTokenWeight * (slot.Tokens.Count - prefix));
            if (cost < bestCost || (cost == bestCost && slot.LastUsed < best!.LastUsed))
            {
                best = slot;
                bestPrefix = prefix;
                bestCost = cost;
            }
        }

        return (best ?? throw new InvalidOperationException("The engine has no slots."), bestPrefix);
    }

    public static int CommonPrefixLength(IReadOnlyList<int> cached, IReadOnlyList<int> prompt)
    {
        var length = Math.Min(cached.Count, prompt.Count);
        var index = 0;
        while (index < length && cached[index] == prompt[index])
        {
            index++;
        }

        return index;
    }
}
