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

    [Fact]
    public void A_prompt_with_exactly_the_allowed_new_tokens_is_not_cut()
    {
        TokenizedSegment[] segments = [new([1, 2], SegmentCut.Keep), new(Range(200, 62), SegmentCut.FromStart)];

        var cut = Unmeasured(segments, []);

        Assert.Equal([1, 2, .. Range(200, 62)], cut.Prompt);
        Assert.Equal(0, cut.CutTokens);
    }

    [Fact]
    public void The_cut_stops_at_the_first_step_that_leaves_exactly_the_allowed_new_tokens()
    {
        // 96 new tokens, 64 allowed: one step of 32 leaves exactly 64.
        TokenizedSegment[] segments = [new([1, 2], SegmentCut.Keep), new(Range(200, 94), SegmentCut.FromStart)];

        var cut = Unmeasured(segments, []);

        Assert.Equal([1, 2, .. Range(232, 62)], cut.Prompt);
        Assert.Equal(32, cut.CutTokens);
    }

    [Fact]
    public void A_segment_cut_from_its_start_keeps_its_leading_control_tokens_and_loses_nothing_beyond_its_end()
    {
        // 100 scaffolding tokens alone exceed the 64 allowed, so the whole cuttable text goes: exactly the 32 tokens
        // after the segment's two control tokens, none before the segment and none of the markers after it.
        TokenizedSegment[] segments =
        [
            new(Range(500, 100), SegmentCut.Keep),
            new([1, 2, .. Range(200, 32)], SegmentCut.FromStart),
            new([22, 23], SegmentCut.Keep),
        ];

        var cut = Unmeasured(segments, []);

        Assert.Equal([.. Range(500, 100), 1, 2, 22, 23], cut.Prompt);
        Assert.Equal(32, cut.CutTokens);
    }

    [Fact]
    public void The_first_uncached_token_of_a_segment_cut_from_its_end_can_be_cut()
    {
        // The slot holds the start tokens and the suffix's first 10 tokens; the 70 markers after the suffix alone exceed
        // the 64 allowed, so all 30 uncached suffix tokens go, down to the first one after the cached part.
        TokenizedSegment[] segments =
        [
            new([1, 2], SegmentCut.Keep),
            new(Range(100, 40), SegmentCut.FromEnd),
            new(Range(500, 70), SegmentCut.Keep),
        ];

        var cut = Unmeasured(segments, [1, 2, .. Range(100, 10)]);

        Assert.Equal([1, 2, .. Range(100, 10), .. Range(500, 70)], cut.Prompt);
        Assert.Equal(30, cut.CutTokens);
    }

    [Fact]
    public void A_budget_that_leaves_room_for_every_requested_token_caps_nothing()
    {
        // 100 s hold the 248 prompt tokens (2.48 s) and far more than the 64 tokens asked for.
        var cut = Apply([], TimeSpan.FromSeconds(100));

        Assert.Equal(0, cut.CutTokens);
        Assert.Null(cut.TokenCap);
    }

    /// <summary>Before the speeds are measured, a budget allows <see cref="LatencyBudgetCut.UnmeasuredNewPromptTokens"/> (64) new tokens.</summary>
    private static BudgetedPrompt Unmeasured(TokenizedSegment[] segments, int[] cached) =>
        LatencyBudgetCut.Apply(segments, cached, new GenerationOptions { MaxTokens = 64, LatencyBudget = TimeSpan.FromSeconds(1) }, null, IsControl);

    private static BudgetedPrompt Apply(int[] cached, TimeSpan budget) =>
        LatencyBudgetCut.Apply(Segments, cached, new GenerationOptions { MaxTokens = 64, LatencyBudget = budget }, Speeds, IsControl);

    private static bool IsControl(int token) => token < 3;

    private static int[] Range(int start, int count) => [.. Enumerable.Range(start, count)];
}
