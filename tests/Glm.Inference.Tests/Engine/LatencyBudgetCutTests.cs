using Glm.Inference.Engine;
using Glm.Inference.Generation;
using Glm.Inference.Prompts;

namespace Glm.Inference.Tests.Engine;

/// <summary>
/// Which tokens a latency budget cuts from a fill-in-the-middle layout, on token ids standing for the segments: start
/// tokens 1 and 2 (control), header 10 11, markers 20, 21, 22 23, the suffix 100…139 and the prefix 200…399. Speeds
/// are 100 prompt and 10 generated tokens per second.
/// </summary>
public sealed class LatencyBudgetCutTests
{
    private static readonly MeasuredSpeeds Speeds = new(100, 10);

    private static readonly TokenizedSegment[] Segments =
    [
        new([1, 2], SegmentCut.Keep),
        new([10, 11], SegmentCut.Keep),
        new([20], SegmentCut.Keep),
        new(Range(100, 40), SegmentCut.FromEnd, 0.25),
        new([21], SegmentCut.Keep),
        new(Range(200, 200), SegmentCut.FromStart),
        new([22, 23], SegmentCut.Keep),
    ];

    [Fact]
    public void TheOldestPrefixTextGoesFirst_InStepsOf32_AndScaffoldingStays()
    {
        // 1 s: 0.4 s for 4 generated tokens leaves 60 new prompt tokens; 248 − 192 = 56 fit.
        var cut = Apply([], TimeSpan.FromSeconds(1));

        Assert.Equal([1, 2, 10, 11, 20, .. Range(100, 40), 21, .. Range(392, 8), 22, 23], cut.Prompt);
        Assert.Equal(192, cut.CutTokens);
        // 0.56 s of prompt leaves 0.44 s: 4 tokens.
        Assert.Equal(4, cut.TokenCap);
    }

    [Fact]
    public void WhenThePrefixIsNotEnough_TheSuffixLosesItsEnd()
    {
        // 0.5 s: the 32-token prompt minimum. 248 − 224 = 24 fit: the whole prefix and the suffix's last 24 tokens go.
        var cut = Apply([], TimeSpan.FromMilliseconds(500));

        Assert.Equal([1, 2, 10, 11, 20, .. Range(100, 16), 21, 22, 23], cut.Prompt);
        Assert.Equal(224, cut.CutTokens);
        Assert.Equal(4, cut.TokenCap);
    }

    [Fact]
    public void TheCachedPart_IsNeverCut()
    {
        // The slot holds everything up to the prefix's first 100 tokens: the 102 uncached tokens after them exceed the 60
        // that fit, and only those are cut, oldest first: two steps of 32 leave 38.
        int[] cached = [1, 2, 10, 11, 20, .. Range(100, 40), 21, .. Range(200, 100)];

        var cut = Apply(cached, TimeSpan.FromSeconds(1));

        Assert.Equal([.. cached, .. Range(364, 36), 22, 23], cut.Prompt);
        Assert.Equal(64, cut.CutTokens);
        // 0.38 s of prompt leaves 0.62 s: 6 tokens.
        Assert.Equal(6, cut.TokenCap);
    }

    [Fact]
    public void WithoutBudget_NothingIsCutOrCapped()
    {
        int[] whole = [.. Segments.SelectMany(s => s.Tokens)];

        var cut = LatencyBudgetCut.Apply(Segments, [], new GenerationOptions { MaxTokens = 64 }, Speeds, IsControl);

        Assert.Equal(whole, cut.Prompt);
        Assert.Equal(0, cut.CutTokens);
        Assert.Null(cut.TokenCap);
    }

    [Fact]
    public void BeforeSpeedsAreMeasured_ABudgetAllowsOneChunkOfNewTokens_AndCapsNothing()
    {
        // 248 new tokens, 64 allowed: six steps of 32 from the oldest prefix text leave 56.
        var cut = LatencyBudgetCut.Apply(Segments, [], new GenerationOptions { MaxTokens = 64, LatencyBudget = TimeSpan.FromSeconds(1) }, null, IsControl);

        Assert.Equal([1, 2, 10, 11, 20, .. Range(100, 40), 21, .. Range(392, 8), 22, 23], cut.Prompt);
        Assert.Equal(192, cut.CutTokens);
        Assert.Null(cut.TokenCap);
    }

    [Fact]
    public void BeforeSpeedsAreMeasured_APromptAPrefillCached_IsKeptWhole()
    {
        int[] whole = [.. Segments.SelectMany(s => s.Tokens)];

        var cut = LatencyBudgetCut.Apply(Segments, whole, new GenerationOptions { MaxTokens = 64, LatencyBudget = TimeSpan.FromSeconds(1) }, null, IsControl);

        Assert.Equal(whole, cut.Prompt);
        Assert.Equal(0, cut.CutTokens);
        Assert.Null(cut.TokenCap);
    }

    private static BudgetedPrompt Apply(int[] cached, TimeSpan budget) =>
        LatencyBudgetCut.Apply(Segments, cached, new GenerationOptions { MaxTokens = 64, LatencyBudget = budget }, Speeds, IsControl);

    private static bool IsControl(int token) => token < 3;

    private static int[] Range(int start, int count) => [.. Enumerable.Range(start, count)];
}
