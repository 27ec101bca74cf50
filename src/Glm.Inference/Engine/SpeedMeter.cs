using Glm.Inference.Generation;

namespace Glm.Inference.Engine;

/// <summary>
/// The engine's prompt-evaluation and generation speeds on this machine, from its recent requests. Written by the
/// inference thread after each request, read from anywhere (<see cref="LlamaEngine.Speeds"/>, latency budgets).
/// </summary>
internal sealed class SpeedMeter
{
    /// <summary>
    /// Each request's tokens and seconds are added to sums that shrink by this factor first, so the last ten or so
    /// requests dominate: the speeds follow a machine that gets busier, while one request slowed by a burst of other
    /// work does not swing every budget after it.
    /// </summary>
    internal const double Decay = 0.8;

    /// <summary>
    /// Prompts with fewer new tokens are not measured: a decode of a few tokens costs about one generation step and says
    /// nothing about the batched speed that decides how much of a long uncached prompt fits a budget.
    /// </summary>
    internal const int MinimumPromptTokensToMeasure = 16;

    private readonly Lock gate = new();
    private readonly MeasuredSpeeds? fixedSpeeds;
    private double promptTokens;
    private double promptSeconds;
    private double generatedTokens;
    private double generationSeconds;

    /// <param name="fixedSpeeds">Speeds to report instead of measuring (tests, so budgets do not depend on the machine's load).</param>
    public SpeedMeter(MeasuredSpeeds? fixedSpeeds = null) => this.fixedSpeeds = fixedSpeeds;

    /// <summary>The speeds so far; null until both a prompt and a generation have been measured.</summary>
    public MeasuredSpeeds? Current
    {
        get
        {
            if (fixedSpeeds is not null)
            {
                return fixedSpeeds;
            }

            lock (gate)
            {
                return promptSeconds > 0 && generationSeconds > 0
                    ? new MeasuredSpeeds(promptTokens / promptSeconds, generatedTokens / generationSeconds)
                    : null;
            }
        }
    }

    /// <summary>Adds one request: the prompt tokens it evaluated and the time that took, the tokens its generation decoded
    /// and the time that took.</summary>
    public void Record(int evaluatedPromptTokens, TimeSpan promptTime, int generated, TimeSpan generationTime)
    {
        lock (gate)
        {
            if (evaluatedPromptTokens >= MinimumPromptTokensToMeasure && promptTime > TimeSpan.Zero)
            {
                promptTokens = (promptTokens * Decay) + evaluatedPromptTokens;
                promptSeconds = (promptSeconds * Decay) + promptTime.TotalSeconds;
            }

            if (generated > 0 && generationTime > TimeSpan.Zero)
            {
                generatedTokens = (generatedTokens * Decay) + generated;
                generationSeconds = (generationSeconds * Decay) + generationTime.TotalSeconds;
            }
        }
    }
}
