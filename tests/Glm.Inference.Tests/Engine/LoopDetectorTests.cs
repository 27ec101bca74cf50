using Glm.Inference.Engine;

namespace Glm.Inference.Tests.Engine;

public sealed class LoopDetectorTests
{
    [Theory]
    [InlineData(1)]
    [InlineData(3)]
    [InlineData(16)]
    public void A_cycle_repeated_over_the_minimum_span_is_a_loop_at_the_first_token_that_completes_it(int cycle)
    {
        var detector = new LoopDetector();
        var span = Math.Max(cycle * LoopDetector.MinRepeats, (LoopDetector.MinLoopTokens + cycle - 1) / cycle * cycle);

        var firstLoopAt = Enumerable.Range(0, 200).First(i => detector.Add(1000 + (i % cycle)));

        Assert.Equal(span - 1, firstLoopAt);
    }

    [Fact]
    public void Text_without_a_repeated_cycle_is_no_loop()
    {
        var detector = new LoopDetector();

        Assert.DoesNotContain(Enumerable.Range(0, 500), i => detector.Add(i));
    }

    [Fact]
    public void A_cycle_longer_than_the_maximum_is_not_watched()
    {
        var detector = new LoopDetector();
        var cycle = LoopDetector.MaxCycleLength + 1;

        Assert.DoesNotContain(Enumerable.Range(0, 200), i => detector.Add(i % cycle));
    }
}
