using Glm.Inference.Engine;

namespace Glm.Inference.Tests.Engine;

public class DraftLengthPolicyTests
{
    /// <summary>
    /// A curve shaped like the CPU backend's: batches of 4, 8 and 16 run the fast matrix kernel, the tokens past a
    /// multiple of four cost a full step each, and 16 tokens cost less than four batches of 4.
    /// </summary>
    private static readonly double[] KernelShapedCost = [1.0, 2.0, 3.0, 1.7, 2.7, 3.7, 4.7, 3.4, 4.4, 5.4, 6.4, 5.1, 6.1, 7.1, 8.1, 5.4];

    private const int Room = 100;

    [Fact]
    public void Always_right_drafts_go_from_short_drafts_to_the_longest_once_the_estimate_is_near_certain()
    {
        var policy = new DraftLengthPolicy(KernelShapedCost);

        Assert.Equal([3, 3, 3, 15, 15, 15], Lengths(policy, Enumerable.Repeat(int.MaxValue, 6)));
        Assert.True(policy.AcceptanceRate > 0.99, $"acceptance estimate {policy.AcceptanceRate}");
    }

    [Fact]
    public void A_rejection_inside_a_long_draft_goes_back_to_short_drafts_until_they_are_right_again()
    {
        var policy = new DraftLengthPolicy(KernelShapedCost);

        Assert.Equal([3, 3, 3, 15, 3, 3, 3, 15], Lengths(policy, [3, 3, 3, 8, 3, 3, 3, 3]));
    }

    [Fact]
    public void Drafts_right_about_as_often_as_the_oracles_half_stay_at_the_cheapest_batch_per_token()
    {
        var policy = new DraftLengthPolicy(KernelShapedCost);

        // Each draft of 3 loses its tail now and then: a batch of 4 still gives the most tokens per unit of time, while
        // the batches of 8 (two batches of 4) and 16 would mostly verify rejected tokens.
        Assert.Equal(Enumerable.Repeat(3, 9), Lengths(policy, [2, 3, 1, 3, 3, 2, 3, 0, 3]));
    }

    [Fact]
    public void Two_outright_misses_from_the_start_pause_drafting_and_one_more_after_the_pause_pauses_twice_as_long()
    {
        var policy = new DraftLengthPolicy(KernelShapedCost);
        Assert.Equal([3, 3], Lengths(policy, [0, 0]));

        Assert.Equal(DraftLengthPolicy.FirstPause, PlainSteps(policy));
        Assert.Equal(0.75, policy.AcceptanceRate);
        policy.Record(3, 0);
        Assert.Equal(2 * DraftLengthPolicy.FirstPause, PlainSteps(policy));
    }

    [Fact]
    public void Drafts_mostly_wrong_but_not_twice_in_a_row_pause_once_no_length_pays()
    {
        var policy = new DraftLengthPolicy(KernelShapedCost);

        Assert.Equal([3, 3, 3], Lengths(policy, [0, 1, 0]));
        Assert.Equal(DraftLengthPolicy.FirstPause, PlainSteps(policy));
    }

    [Fact]
    public void A_partly_right_probe_after_a_pause_ends_the_pausing_so_one_outright_miss_after_it_does_not_pause_again()
    {
        var policy = new DraftLengthPolicy(KernelShapedCost);
        Lengths(policy, [0, 0]);
        Assert.Equal(DraftLengthPolicy.FirstPause, PlainSteps(policy));

        // The probe after the pause (a draft of 3) was partly right: the text is being copied again.
        policy.Record(3, 1);

        Assert.Equal([3, 3, 3], Lengths(policy, [0, 1, 1]));
    }

    [Fact]
    public void After_right_drafts_outright_misses_shorten_the_drafts_at_once_and_pause_them_once_the_estimate_falls()
    {
        var policy = new DraftLengthPolicy(KernelShapedCost);

        Assert.Equal([3, 3, 3, 15, 3, 3, 3, 3, 3], Lengths(policy, [3, 3, 3, 0, 0, 0, 0, 0, 0]));
        Assert.Equal(DraftLengthPolicy.FirstPause, PlainSteps(policy));
        // The text after a pause is judged afresh.
        Assert.Equal(3, policy.NextLength(Room, Room));
    }

    [Theory]
    [InlineData(2, 0)]
    [InlineData(3, 3)]
    [InlineData(14, 3)]
    [InlineData(15, 15)]
    [InlineData(40, 15)]
    public void Fit_takes_the_length_with_the_most_tokens_per_unit_of_cost_within_what_is_available(int available, int expected)
    {
        var policy = new DraftLengthPolicy(KernelShapedCost);
        Lengths(policy, [3, 3, 3, 15]);

        Assert.Equal(expected, policy.Fit(available, Room));
    }

    [Fact]
    public void The_room_left_caps_the_length()
    {
        var policy = new DraftLengthPolicy(KernelShapedCost);

        Assert.Equal(0, policy.NextLength(2, Room));
        Assert.Equal(3, policy.NextLength(3, Room));
    }

    [Theory]
    [InlineData(14, 15)]
    [InlineData(10, 3)]
    [InlineData(6, 3)]
    [InlineData(2, 3)]
    [InlineData(0, 0)]
    public void Near_the_end_a_batch_that_holds_unwanted_tokens_is_taken_when_it_costs_less_per_wanted_token(int wanted, int expected)
    {
        var policy = new DraftLengthPolicy(KernelShapedCost);
        Lengths(policy, [3, 3, 3, 15]);

        Assert.Equal(expected, policy.NextLength(Room, wanted));
    }

    [Fact]
    public void Where_verification_costs_what_one_token_does_the_longest_draft_comes_first()
    {
        var policy = new DraftLengthPolicy([.. Enumerable.Repeat(1.0, 16)]);

        Assert.Equal(15, policy.NextLength(Room, Room));
    }

    [Fact]
    public void Where_longer_drafts_only_add_unwanted_tokens_at_the_same_cost_the_shortest_draft_that_holds_the_wanted_one_is_taken()
    {
        // One token wanted after the model's own: a draft of 1 gives 1.75 expected tokens per unit of cost, and every
        // longer draft ties with it, because its extra tokens are past what is wanted and cost nothing extra.
        var policy = new DraftLengthPolicy([.. Enumerable.Repeat(1.0, 16)]);

        Assert.Equal(1, policy.Fit(Room, wanted: 1));
        Assert.Equal(1, policy.NextLength(Room, wanted: 1));
    }

    [Fact]
    public void A_curve_of_batch_sizes_1_and_2_is_enough_and_a_shorter_one_is_refused()
    {
        Assert.Equal(1, new DraftLengthPolicy([1.0, 1.0]).NextLength(Room, Room));

        var error = Assert.Throws<ArgumentException>(() => new DraftLengthPolicy([1.0]));
        Assert.Equal("verifyCost", error.ParamName);
        Assert.StartsWith("The verify cost curve needs at least batch sizes 1 and 2.", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void The_default_curve_gives_drafts_of_at_most_fifteen_tokens() =>
        Assert.Equal(15, DraftLengthPolicy.LongestDraft);

    /// <summary>Plain steps (length 0) asked for until the first draft; that draft's length is not recorded.</summary>
    private static int PlainSteps(DraftLengthPolicy policy) => Enumerable.Range(0, 1000).TakeWhile(_ => policy.NextLength(Room, Room) == 0).Count();

    /// <summary>Asks for a length, records <c>min(accepted, length)</c> accepted for each entry, returns the lengths.</summary>
    private static List<int> Lengths(DraftLengthPolicy policy, IEnumerable<int> accepted)
    {
        var lengths = new List<int>();
        foreach (var count in accepted)
        {
            var length = policy.NextLength(Room, Room);
            lengths.Add(length);
            policy.Record(length, Math.Min(count, length));
        }

        return lengths;
    }
}
