using Glm.Inference.Generation;
using Glm.Inference.Prompts;

namespace Glm.Inference.Engine;

/// <summary>What a latency budget did to one request: its prompt, the tokens cut from it and the cap on generation.</summary>
/// <param name="Prompt">The prompt to evaluate.</param>
/// <param name="CutTokens">Prompt tokens removed to fit the budget.</param>
/// <param name="TokenCap">The budget's cap on generated tokens when it is below the request's MaxTokens; null otherwise.</param>
internal sealed record BudgetedPrompt(int[] Prompt, int CutTokens, int? TokenCap);

/// <summary>
/// Fits one request into its latency budget (<see cref="GenerationOptions.LatencyBudget"/>) at the engine's measured
/// speeds: the slot's cached prefix is kept whole, and when more new tokens follow it than fit, the oldest of them go,
/// so what is evaluated is the text nearest the cursor. Scaffolding (the start tokens, a fill-in-the-middle layout's
/// markers) is never cut: only segments the prompt allows to be cut lose tokens, as in <see cref="PromptTruncator"/>.
/// </summary>
internal static class LatencyBudgetCut
{
    /// <summary>
    /// Tokens are cut in multiples of this. A cut of exactly the excess would start the kept text one token later on
    /// every keystroke, so no two requests would share it; in steps, consecutive requests cut at the same place and the
    /// engine reuses what the previous one evaluated.
    /// </summary>
    internal const int CutStep = 32;

    /// <summary>
    /// New prompt tokens a budgeted request may evaluate before the engine has measured its speeds: one prefill chunk,
    /// seconds on a CPU. The first suggestion after a document opens then answers while the background prefill is
    /// still filling the cache; a prompt the prefill already cached is kept whole, as under any budget.
    /// </summary>
    internal const int UnmeasuredNewPromptTokens = 64;

    /// <param name="segments">The prompt's segments as fitted to the context (<see cref="PromptTruncator.FitSegments"/>).</param>
    /// <param name="cached">The chosen slot's tokens.</param>
    /// <param name="options">The request's options: its budget and MaxTokens.</param>
    /// <param name="speeds">The engine's speeds; null (not measured yet) allows <see cref="UnmeasuredNewPromptTokens"/> new tokens and caps nothing.</param>
    /// <param name="isControlToken">Leading control tokens of a segment cut from its start are kept.</param>
    public static BudgetedPrompt Apply(
        IReadOnlyList<TokenizedSegment> segments, IReadOnlyList<int> cached, GenerationOptions options, MeasuredSpeeds? speeds, Func<int, bool> isControlToken)
    {
        var prompt = segments.SelectMany(s => s.Tokens).ToArray();
        if (options.LatencyBudget is not { } budget)
        {
            return new BudgetedPrompt(prompt, 0, null);
        }

        // Unmeasured, the budget cannot be planned: a fixed allowance bounds the prompt and the budget's time the generation.
        var allowed = speeds is null ? UnmeasuredNewPromptTokens : LatencyPlan.For(speeds, budget, Uncached(prompt, cached), options.MaxTokens).NewPromptTokens;
        var best = prompt;
        if (Uncached(prompt, cached) > allowed)
        {
            // The smallest cut, in steps, whose new tokens fit. It counts what the slot holds after the cut, so when the
            // slot holds a previous request cut at the same place, only what was typed since is new.
            var cuttable = Cuttable(segments, SlotSelector.CommonPrefixLength(cached, prompt), isControlToken);
            for (var amount = CutStep; ; amount += CutStep)
            {
                best = Cut(prompt, cuttable.Take(Math.Min(amount, cuttable.Count)));
                if (Uncached(best, cached) <= allowed || amount >= cuttable.Count)
                {
                    break;
                }
            }
        }

        if (speeds is null)
        {
            return new BudgetedPrompt(best, prompt.Length - best.Length, null);
        }

        var cap = LatencyPlan.For(speeds, budget, Uncached(best, cached), options.MaxTokens).MaxTokens;
        return new BudgetedPrompt(best, prompt.Length - best.Length, cap < options.MaxTokens ? cap : null);
    }

    /// <summary>Prompt tokens the engine evaluates after the slot's cached prefix; at least one, for the logits.</summary>
    internal static int Uncached(IReadOnlyList<int> prompt, IReadOnlyList<int> cached) =>
        prompt.Count - Math.Min(SlotSelector.CommonPrefixLength(cached, prompt), prompt.Count - 1);

    /// <summary>
    /// Positions (in prompt order) that may be cut, oldest text first: the starts of segments cut from their start (the
    /// text before the cursor), then the ends of segments cut from their end (the text after it); never before
    /// <paramref name="protectedPrefix"/>, the part the slot already holds.
    /// </summary>
    private static List<int> Cuttable(IReadOnlyList<TokenizedSegment> segments, int protectedPrefix, Func<int, bool> isControlToken)
    {
        var fromStart = new List<int>();
        var fromEnd = new List<int>();
        var offset = 0;
        foreach (var segment in segments)
        {
            if (segment.Cut == SegmentCut.FromStart)
            {
                var lead = segment.Tokens.TakeWhile(isControlToken).Count();
                fromStart.AddRange(Enumerable.Range(offset + lead, segment.Tokens.Length - lead).Where(p => p >= protectedPrefix));
            }
            else if (segment.Cut == SegmentCut.FromEnd)
            {
                fromEnd.AddRange(Enumerable.Range(offset, segment.Tokens.Length).Where(p => p >= protectedPrefix).Reverse());
            }

            offset += segment.Tokens.Length;
        }

        return [.. fromStart, .. fromEnd];
    }

    private static int[] Cut(int[] prompt, IEnumerable<int> positions)
    {
        var removed = positions.ToHashSet();
        return [.. prompt.Where((_, position) => !removed.Contains(position))];
    }
}
