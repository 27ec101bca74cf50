namespace Glm.Tools.Bench;

/// <summary>How much each of this helper's sections measures: a few minutes on 2 cores for --quick, more otherwise.</summary>
/// <param name="PromptTokens">Prompt length of every timed generation.</param>
/// <param name="GeneratedTokens">Tokens generated per timed generation.</param>
/// <param name="Rounds">Interleaved A/B rounds after one warm-up round; medians are taken over these. Many short
/// rounds beat a few long ones on a shared machine: the load changes less within one A/B pair.</param>
/// <param name="BandwidthBufferBytes">Size of the buffer the bandwidth probe reads (far beyond any L3 cache).</param>
internal sealed record BenchPlan(int PromptTokens, int GeneratedTokens, int Rounds, long BandwidthBufferBytes)
{
    public static BenchPlan For(BenchContext context)
    {
        var plan = Default(context);
        return context.Rounds is { } rounds ? plan with { Rounds = rounds } : plan;
    }

    private static BenchPlan Default(BenchContext context) => context.Smoke
        ? new BenchPlan(PromptTokens: 16, GeneratedTokens: 4, Rounds: 1, BandwidthBufferBytes: 64L << 20)
        : context.Quick
        ? new BenchPlan(PromptTokens: 96, GeneratedTokens: 16, Rounds: 7, BandwidthBufferBytes: 512L << 20)
        : new BenchPlan(PromptTokens: 512, GeneratedTokens: 64, Rounds: 7, BandwidthBufferBytes: 1L << 30);
}
