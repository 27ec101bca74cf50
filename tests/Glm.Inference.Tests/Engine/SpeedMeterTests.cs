using Glm.Inference.Engine;
using Glm.Inference.Generation;

namespace Glm.Inference.Tests.Engine;

/// <summary>The speeds are token-weighted sums that decay by <see cref="SpeedMeter.Decay"/> per request.</summary>
public sealed class SpeedMeterTests
{
    [Fact]
    public void NothingIsReported_UntilAPromptAndAGenerationWereMeasured()
    {
        var meter = new SpeedMeter();
        Assert.Null(meter.Current);

        meter.Record(evaluatedPromptTokens: 1, TimeSpan.FromSeconds(1), generated: 10, TimeSpan.FromSeconds(1));
        Assert.Null(meter.Current);

        meter.Record(evaluatedPromptTokens: 100, TimeSpan.FromSeconds(1), generated: 0, TimeSpan.Zero);
        Assert.Equal(new MeasuredSpeeds(100, 10), meter.Current);
    }

    [Fact]
    public void RecentRequestsWeighMore_AndShortPromptsAreNotMeasured()
    {
        var meter = new SpeedMeter();
        meter.Record(100, TimeSpan.FromSeconds(1), 10, TimeSpan.FromSeconds(1));
        meter.Record(200, TimeSpan.FromSeconds(1), 20, TimeSpan.FromSeconds(1));
        // Below the measuring threshold: a decode of a few tokens says nothing about batched speed.
        meter.Record(SpeedMeter.MinimumPromptTokensToMeasure - 1, TimeSpan.FromSeconds(10), 0, TimeSpan.Zero);

        var speeds = Assert.IsType<MeasuredSpeeds>(meter.Current);
        Assert.Equal((100 * 0.8 + 200) / 1.8, speeds.PromptTokensPerSecond, 9);
        Assert.Equal((10 * 0.8 + 20) / 1.8, speeds.GeneratedTokensPerSecond, 9);
    }

    [Fact]
    public void FixedSpeeds_AreReportedWhateverIsRecorded()
    {
        var meter = new SpeedMeter(new MeasuredSpeeds(50, 5));
        meter.Record(100, TimeSpan.FromSeconds(1), 10, TimeSpan.FromSeconds(1));

        Assert.Equal(new MeasuredSpeeds(50, 5), meter.Current);
    }

    [Fact]
    public void A_measured_prompt_without_a_measured_generation_reports_nothing()
    {
        var meter = new SpeedMeter();
        meter.Record(evaluatedPromptTokens: 100, TimeSpan.FromSeconds(1), generated: 0, TimeSpan.Zero);

        Assert.Null(meter.Current);
    }

    [Fact]
    public void A_prompt_of_exactly_the_minimum_is_measured()
    {
        var meter = new SpeedMeter();
        meter.Record(SpeedMeter.MinimumPromptTokensToMeasure, TimeSpan.FromSeconds(2), generated: 10, TimeSpan.FromSeconds(1));

        Assert.Equal(new MeasuredSpeeds(8, 10), meter.Current);
    }

    [Fact]
    public void A_prompt_evaluated_in_no_measurable_time_adds_nothing()
    {
        // Its tokens without its seconds would inflate the prompt speed of every later request.
        var meter = new SpeedMeter();
        meter.Record(100, TimeSpan.Zero, 10, TimeSpan.FromSeconds(1));
        meter.Record(50, TimeSpan.FromSeconds(1), 0, TimeSpan.Zero);

        Assert.Equal(new MeasuredSpeeds(50, 10), meter.Current);
    }

    [Fact]
    public void A_generation_without_tokens_or_without_time_adds_nothing()
    {
        // No tokens in a second would drag the generation speed down; tokens in no time would inflate it.
        var meter = new SpeedMeter();
        meter.Record(100, TimeSpan.FromSeconds(1), 0, TimeSpan.FromSeconds(1));
        Assert.Null(meter.Current);

        meter.Record(100, TimeSpan.FromSeconds(1), 10, TimeSpan.Zero);
        Assert.Null(meter.Current);

        meter.Record(100, TimeSpan.FromSeconds(1), 10, TimeSpan.FromSeconds(1));
        Assert.Equal(10, Assert.IsType<MeasuredSpeeds>(meter.Current).GeneratedTokensPerSecond);
    }
}
