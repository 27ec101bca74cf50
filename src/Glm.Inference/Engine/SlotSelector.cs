namespace Glm.Inference.Engine;

/// <summary>Chooses the slot whose cached tokens share the longest prefix with a prompt.</summary>
internal static class SlotSelector
{
    /// <summary>Longest common prefix wins; on a tie the least recently used slot is taken, so unrelated prompts
    /// spread over the slots instead of evicting each other.</summary>
    public static (KvSlot Slot, int CommonPrefix) Choose(IReadOnlyList<KvSlot> slots, IReadOnlyList<int> prompt)
    {
        KvSlot? best = null;
        var bestPrefix = -1;
        foreach (var slot in slots)
        {
            var prefix = CommonPrefixLength(slot.Tokens, prompt);
            if (prefix > bestPrefix || (prefix == bestPrefix && slot.LastUsed < best!.LastUsed))
            {
                best = slot;
                bestPrefix = prefix;
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
