using Glm.Inference.Engine;
using Glm.Inference.Prompts;

namespace Glm.Inference.Tests.Engine;

public class PromptTruncatorTests
{
    // Token ids of 1000 and above stand for control tokens in these tests.
    private static bool IsControl(int token) => token >= 1000;

    [Fact]
    public void PromptWithinBudgetIsUntouched()
    {
        var (tokens, truncated) = PromptTruncator.Fit([new TokenizedSegment([1000, 1, 2], SegmentCut.FromStart)], 3, IsControl);

        Assert.Equal([1000, 1, 2], tokens);
        Assert.False(truncated);
    }

    [Fact]
    public void CutFromStartKeepsLeadingControlTokensAndTheNewestText()
    {
        var (tokens, truncated) = PromptTruncator.Fit(
            [new TokenizedSegment([1000, 1001, 1, 2, 3, 4, 5], SegmentCut.FromStart)], 4, IsControl);

        Assert.Equal([1000, 1001, 4, 5], tokens);
        Assert.True(truncated);
    }

    [Fact]
    public void FillInTheMiddleSuffixIsLimitedToItsShareThenThePrefixIsCut()
    {
        int[] suffix = [.. Enumerable.Range(100, 10)];
        int[] prefix = [.. Enumerable.Range(200, 10)];
        var (tokens, _) = PromptTruncator.Fit(
            [
                new TokenizedSegment([1000], SegmentCut.Keep),
                new TokenizedSegment(suffix, SegmentCut.FromEnd, 0.25),
                new TokenizedSegment([1001], SegmentCut.Keep),
                new TokenizedSegment(prefix, SegmentCut.FromStart),
                new TokenizedSegment([1002], SegmentCut.Keep),
            ],
            12,
            IsControl);

        Assert.Equal([1000, 100, 101, 102, 1001, 204, 205, 206, 207, 208, 209, 1002], tokens);
    }
}
