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

    [Fact]
    public void When_even_the_fixed_parts_are_too_long_half_the_budget_of_leading_control_tokens_and_the_end_are_kept()
    {
        var (tokens, truncated) = PromptTruncator.Fit(
            [new TokenizedSegment([1000, 1001, 1002, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10], SegmentCut.Keep)], 4, IsControl);

        Assert.Equal([1000, 1001, 9, 10], tokens);
        Assert.True(truncated);
    }

    [Fact]
    public void A_segment_cut_to_its_share_gives_up_more_when_nothing_else_can_be_cut()
    {
        var (tokens, truncated) = PromptTruncator.Fit(
            [
                new TokenizedSegment([1, 2, 3, 4, 5, 6], SegmentCut.FromEnd, 0.5),
                new TokenizedSegment([1000, 1001, 1002, 1003, 1004, 1005], SegmentCut.Keep),
            ],
            8,
            IsControl);

        Assert.Equal([1, 2, 1000, 1001, 1002, 1003, 1004, 1005], tokens);
        Assert.True(truncated);
    }

    [Fact]
    public void A_segment_below_its_share_is_not_cut_for_it()
    {
        var (tokens, _) = PromptTruncator.Fit(
            [
                new TokenizedSegment([1, 2], SegmentCut.FromEnd, 0.5),
                new TokenizedSegment([3, 4, 5, 6, 7, 8, 9, 10], SegmentCut.FromStart),
            ],
            6,
            IsControl);

        Assert.Equal([1, 2, 7, 8, 9, 10], tokens);
    }

    [Fact]
    public void A_segment_cut_from_its_start_gives_up_at_most_its_text_and_the_next_segment_the_rest()
    {
        var (tokens, truncated) = PromptTruncator.Fit(
            [
                new TokenizedSegment([1000, 1, 2], SegmentCut.FromStart),
                new TokenizedSegment([3, 4, 5, 6], SegmentCut.FromEnd),
            ],
            3,
            IsControl);

        Assert.Equal([1000, 3, 4], tokens);
        Assert.True(truncated);
    }
}
