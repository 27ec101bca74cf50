using Glm.Inference.Engine;

namespace Glm.Inference.Tests.Engine;

public class PromptLookupDrafterTests
{
    [Fact]
    public void The_longest_matching_ngram_decides_the_draft()
    {
        // "2 3" occurred followed by 9; "3" alone last occurred followed by 7: the 2-gram wins.
        var drafter = new PromptLookupDrafter([1, 2, 3, 9, 8, 3, 7, 6, 2]);
        drafter.Append(3);

        Assert.Equal([9, 8, 3], Draft(drafter, 3));
    }

    [Fact]
    public void The_most_recent_occurrence_with_a_full_continuation_is_taken()
    {
        var drafter = new PromptLookupDrafter([5, 1, 2, 5, 3, 4, 0, 0, 5]);

        Assert.Equal([3, 4, 0], Draft(drafter, 3));
        // Asking for more than the most recent continuation holds falls back to the longest one.
        Assert.Equal([1, 2, 5, 3, 4, 0, 0, 5], Draft(drafter, 15));
    }

    [Fact]
    public void Nothing_is_drafted_when_the_last_token_never_occurred_before()
    {
        var drafter = new PromptLookupDrafter([1, 2, 3]);
        drafter.Append(4);

        Assert.Empty(Draft(drafter, 3));
    }

    private static int[] Draft(PromptLookupDrafter drafter, int length)
    {
        var buffer = new int[length];
        return buffer[..drafter.Draft(buffer)];
    }
}
