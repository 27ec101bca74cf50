namespace Glm.Inference.Engine;

/// <summary>Chooses the slot whose cached tokens share the longest prefix with a prompt.</summary>
internal static class SlotSelector
{
    /// <summary>
    /// The slot with the longest common prefix is taken when the prompt keeps at least half of that slot's cache.
    /// Otherwise the least recently used slot is taken: an unrelated prompt that shares only <c>[gMASK]&lt;sop&gt;</c>
    /// must not wipe a long cache that another document will want again.
    /// </summary>
    public static (KvSlot Slot, int CommonPrefix) Choose(IReadOnlyList<KvSlot> slots, IReadOnlyList<int> prompt)
    {
        if (slots.Count == 0)
        {
            throw new InvalidOperationException("The engine has no slots.");
        }

        var prefixes = slots.Select(s => CommonPrefixLength(s.Tokens, prompt)).ToArray();
        var best = 0;
        for (var i = 1; i < slots.Count; i++)
        {
            if (prefixes[i] > prefixes[best] || (prefixes[i] == prefixes[best] && slots[i].LastUsed < slots[best].LastUsed))
            {
                best = i;
            }
        }

        if (prefixes[best] > 0 && prefixes[best] * 2 >= slots[best].Tokens.Count)
        {
            return (slots[best], prefixes[best]);
        }

        var leastRecentlyUsed = 0;
        for (var i = 1; i < slots.Count; i++)
        {
            if (slots[i].LastUsed < slots[leastRecentlyUsed].LastUsed)
            {
                leastRecentlyUsed = i;
            }
        }

        return (slots[leastRecentlyUsed], prefixes[leastRecentlyUsed]);
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
