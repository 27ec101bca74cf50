using Glm.Inference.Prompts;

namespace Glm.Inference.Engine;

/// <summary>The tokens of one prompt segment and how it may be cut.</summary>
internal sealed record TokenizedSegment(int[] Tokens, SegmentCut Cut, double? MaxShareOfBudget = null);

/// <summary>
/// Fits a prompt into a token budget by cutting the segments that allow it, never failing: a long file must still get a
/// completion from the text nearest the cursor.
/// </summary>
internal static class PromptTruncator
{
    /// <param name="segments">The prompt in order.</param>
    /// <param name="budget">Most tokens the prompt may have.</param>
    /// <param name="isControlToken">Leading control tokens of a segment cut from its start are kept (e.g. [gMASK]&lt;sop&gt;).</param>
    public static (int[] Tokens, bool Truncated) Fit(IReadOnlyList<TokenizedSegment> segments, int budget, Func<int, bool> isControlToken)
    {
        var (kept, overflow) = FitSegments(segments, budget, isControlToken);
        var tokens = kept.SelectMany(s => s.Tokens).ToArray();
        if (overflow == 0)
        {
            return (tokens, !ReferenceEquals(kept, segments));
        }

        // Even the fixed parts are too long: keep the leading control tokens and the end, which the answer follows.
        var head = tokens.TakeWhile(isControlToken).Take(budget / 2).ToArray();
        return ([.. head, .. tokens[^(budget - head.Length)..]], true);
    }

    /// <summary>
    /// The segments as <see cref="Fit"/> cuts them, each with what it kept (the same list when nothing was cut), and the
    /// tokens still over the budget when even the segments that may not be cut are too long.
    /// </summary>
    public static (IReadOnlyList<TokenizedSegment> Kept, int Overflow) FitSegments(
        IReadOnlyList<TokenizedSegment> segments, int budget, Func<int, bool> isControlToken)
    {
        var total = segments.Sum(s => s.Tokens.Length);
        if (total <= budget)
        {
            return (segments, 0);
        }

        var kept = segments.Select(s => s.Tokens).ToArray();
        var overflow = total - budget;

        // Segments with a share limit give up what exceeds their share first.
        for (var i = 0; i < segments.Count && overflow > 0; i++)
        {
            if (segments[i].MaxShareOfBudget is { } share && segments[i].Cut != SegmentCut.Keep)
            {
                var allowed = (int)(budget * share);
                overflow -= Cut(ref kept[i], segments[i].Cut, Math.Min(overflow, kept[i].Length - allowed), isControlToken);
            }
        }

        // Then the segments without a share, and only after them those that already gave up their excess.
        foreach (var limited in new[] { false, true })
        {
            for (var i = 0; i < segments.Count && overflow > 0; i++)
            {
                if (segments[i].Cut != SegmentCut.Keep && segments[i].MaxShareOfBudget.HasValue == limited)
                {
                    overflow -= Cut(ref kept[i], segments[i].Cut, overflow, isControlToken);
                }
            }
        }

        return ([.. segments.Select((s, i) => s with { Tokens = kept[i] })], overflow);
    }

    private static int Cut(ref int[] tokens, SegmentCut cut, int wanted, Func<int, bool> isControlToken)
    {
        if (wanted <= 0)
        {
            return 0;
        }

        if (cut == SegmentCut.FromEnd)
        {
            var removed = Math.Min(wanted, tokens.Length);
            tokens = tokens[..^removed];
            return removed;
        }

        var protectedLead = tokens.TakeWhile(isControlToken).Count();
        var removable = Math.Min(wanted, tokens.Length - protectedLead);
        tokens = [.. tokens[..protectedLead], .. tokens[(protectedLead + removable)..]];
        return removable;
    }
}
