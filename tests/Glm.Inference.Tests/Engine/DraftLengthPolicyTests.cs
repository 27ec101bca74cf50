using Glm.Inference.Engine;

namespace Glm.Inference.Tests.Engine;

public class DraftLengthPolicyTests
{
    [Fact]
    public void Full_acceptance_climbs_the_ladder_and_a_partial_one_steps_down()
    {
        var policy = new DraftLengthPolicy();

        Assert.Equal(3, policy.NextLength());
        policy.Record(3, 3);
        Assert.Equal(7, policy.NextLength());
        policy.Record(7, 7);
        Assert.Equal(15, policy.NextLength());
        policy.Record(15, 15);
        Assert.Equal(15, policy.NextLength());
        policy.Record(15, 4);
        Assert.Equal(7, policy.NextLength());
    }

    [Fact]
    public void Two_outright_misses_pause_drafting_and_one_more_after_the_pause_pauses_twice_as_long()
    {
        var policy = new DraftLengthPolicy();
        policy.Record(3, 0);
        Assert.Equal(3, policy.NextLength());
        policy.Record(3, 0);

        Assert.Equal(DraftLengthPolicy.FirstPause, Enumerable.Range(0, 100).TakeWhile(_ => policy.NextLength() == 0).Count());
        policy.Record(3, 0);
        Assert.Equal(2 * DraftLengthPolicy.FirstPause, Enumerable.Range(0, 100).TakeWhile(_ => policy.NextLength() == 0).Count());
    }

    [Theory]
    [InlineData(2, 0)]
    [InlineData(3, 3)]
    [InlineData(14, 7)]
    [InlineData(40, 15)]
    public void Fit_takes_the_longest_ladder_length_that_fits(int available, int expected) =>
        Assert.Equal(expected, DraftLengthPolicy.Fit(available));
}
