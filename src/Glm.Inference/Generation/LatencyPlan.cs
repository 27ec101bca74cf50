namespace Glm.Inference.Generation;

/// <summary>
/// How much of a request fits a latency budget at measured speeds: how many new (uncached) prompt tokens may be
/// evaluated and how many tokens generated. Pure arithmetic, shared by the engine (which cuts and caps) and callers that
/// pick a suggestion's shape from what will fit.
/// </summary>
/// <param name="NewPromptTokens">Most prompt tokens to evaluate beyond what the cache holds.</param>
/// <param name="MaxTokens">Most tokens to generate.</param>
public sealed record LatencyPlan(int NewPromptTokens, int MaxTokens)
{
    /// <summary>
    /// New prompt tokens kept even when the budget has no room for them: with less than a couple of sentences before the
    /// cursor the model cannot tell what it is continuing, and a fast useless answer is worth less than a slower one.
    /// </summary>
    public const int MinimumNewPromptTokens = 32;

    /// <summary>Tokens always generated (unless fewer were asked for): fewer than a word or two is not worth showing.</summary>
    public const int MinimumGeneratedTokens = 4;

    /// <summary>
    /// The plan for a request with <paramref name="uncachedPromptTokens"/> new prompt tokens that asks for up to
    /// <paramref name="requestedMaxTokens"/> tokens. The generation minimum is reserved first, the prompt gets what
    /// remains (the text near the cursor is what makes a suggestion right), and generation gets the rest of the budget.
    /// </summary>
    public static LatencyPlan For(MeasuredSpeeds speeds, TimeSpan budget, int uncachedPromptTokens, int requestedMaxTokens)
    {
        ArgumentNullException.ThrowIfNull(speeds);
        var uncached = Math.Max(0, uncachedPromptTokens);
        var requested = Math.Max(0, requestedMaxTokens);
        if (speeds.PromptTokensPerSecond <= 0 || speeds.GeneratedTokensPerSecond <= 0)
        {
            return new LatencyPlan(uncached, requested);
        }

        var seconds = Math.Max(0, budget.TotalSeconds);
        var generationFloor = Math.Min(requested, MinimumGeneratedTokens);
        var promptRoom = Math.Max(0, seconds - (generationFloor / speeds.GeneratedTokensPerSecond)) * speeds.PromptTokensPerSecond;
        var newPrompt = Math.Min(uncached, Math.Max(MinimumNewPromptTokens, Tokens(promptRoom)));
        var generationRoom = Math.Max(0, seconds - (newPrompt / speeds.PromptTokensPerSecond)) * speeds.GeneratedTokensPerSecond;
        var maxTokens = Math.Clamp(Tokens(generationRoom), generationFloor, requested);
        return new LatencyPlan(newPrompt, maxTokens);
    }

    /// <summary>Whole tokens in <paramref name="room"/>; a hair of slack so 1.6 × 100 (159.99…) counts as 160.</summary>
    private static int Tokens(double room) => (int)Math.Min(int.MaxValue, Math.Floor(room + 1e-9));
}
