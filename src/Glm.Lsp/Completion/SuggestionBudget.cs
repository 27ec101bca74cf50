using Glm.Inference.Generation;
using Glm.Lsp.Settings;

namespace Glm.Lsp.Completion;

/// <summary>
/// The latency budget of one suggestion (<c>glm.latencyBudgetMs</c>) and what it allows on this machine. Automatic
/// suggestions get it: they appear while the user types and are worth nothing late. Suggestions asked for explicitly
/// (invoked) have none: the user is waiting for that answer and a longer one is what they asked for.
/// </summary>
/// <param name="LatencyBudget">The request's budget; null for none.</param>
/// <param name="SingleLineOnly">So few tokens fit that the suggestion is asked for as one line.</param>
public sealed record SuggestionBudget(TimeSpan? LatencyBudget, bool SingleLineOnly)
{
    /// <summary>
    /// Below this many tokens a suggestion is one line: that is about a sentence, and a multi-line answer cut after its
    /// first sentence would show the start of a paragraph the model had no time to write.
    /// </summary>
    public const int SingleLineBelowTokens = 16;

    /// <summary>
    /// New prompt tokens assumed for a suggestion while typing: the word or two typed since the previous one. The engine
    /// counts the real figure against the cache; this only sizes the suggestion's shape and the status's estimate.
    /// </summary>
    internal const int TypicalNewPromptTokens = 8;

    public static SuggestionBudget None { get; } = new(null, false);

    /// <summary>Whether a suggestion between <paramref name="before"/> and <paramref name="after"/> is asked for as
    /// several lines: where the text calls for it and the budget leaves room. The one rule the suggestion and its prefill share.</summary>
    public bool AllowsMultiLine(string before, string after) => !SingleLineOnly && CompletionShape.IsMultiLine(before, after);

    /// <summary>The budget of a suggestion with <paramref name="trigger"/> at <paramref name="speeds"/> (null: not measured).</summary>
    public static SuggestionBudget For(SuggestionTrigger trigger, GlmSettings settings, MeasuredSpeeds? speeds)
    {
        ArgumentNullException.ThrowIfNull(settings);
        if (trigger == SuggestionTrigger.Invoked || settings.LatencyBudgetMs <= 0)
        {
            return None;
        }

        return new SuggestionBudget(
            TimeSpan.FromMilliseconds(settings.LatencyBudgetMs),
            TokensPerSuggestion(settings, speeds) is { } tokens && tokens < SingleLineBelowTokens);
    }

    /// <summary>
    /// About how many tokens an automatic suggestion generates within the budget while the user types, at
    /// <paramref name="speeds"/>; null when there is no budget or no speed measured yet.
    /// </summary>
    public static int? TokensPerSuggestion(GlmSettings settings, MeasuredSpeeds? speeds)
    {
        ArgumentNullException.ThrowIfNull(settings);
        return speeds is null || settings.LatencyBudgetMs <= 0
            ? null
            : LatencyPlan.For(speeds, TimeSpan.FromMilliseconds(settings.LatencyBudgetMs), TypicalNewPromptTokens, settings.MaxTokens).MaxTokens;
    }
}
