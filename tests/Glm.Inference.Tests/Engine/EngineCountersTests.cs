using Glm.Inference.Engine;

namespace Glm.Inference.Tests.Engine;

/// <summary>What <see cref="EngineCounters.Snapshot"/> reports in <see cref="EngineStatistics"/> after each kind of record.</summary>
public class EngineCountersTests
{
    [Fact]
    public void Nothing_is_counted_before_the_first_record()
    {
        var statistics = new EngineCounters().Snapshot();

        Assert.Equal(0, statistics.RequestsCompleted);
        Assert.Equal(0, statistics.TotalTokensEvaluated);
        Assert.Equal(0, statistics.TotalTokensGenerated);
        Assert.Equal(0, statistics.LastGenerationTokensPerSecond);
        Assert.Equal(0, statistics.LastPromptTokensPerSecond);
    }

    [Fact]
    public void Each_completion_is_counted_with_its_speeds()
    {
        var counters = new EngineCounters();
        counters.AddEvaluated(30);
        counters.AddGenerated(12);
        counters.RecordCompletion(generationTokensPerSecond: 25.5, promptTokensPerSecond: 400.25);
        counters.RecordCompletion(generationTokensPerSecond: 20, promptTokensPerSecond: 300);

        var statistics = counters.Snapshot();

        Assert.Equal(2, statistics.RequestsCompleted);
        Assert.Equal(30, statistics.TotalTokensEvaluated);
        Assert.Equal(12, statistics.TotalTokensGenerated);
        Assert.Equal(20, statistics.LastGenerationTokensPerSecond);
        Assert.Equal(300, statistics.LastPromptTokensPerSecond);
    }

    [Fact]
    public void A_completion_without_a_measured_speed_keeps_the_last_measured_one()
    {
        // A request that generated nothing (or evaluated no prompt) has no speed: the last one that had stays reported.
        var counters = new EngineCounters();
        counters.RecordCompletion(generationTokensPerSecond: 25.5, promptTokensPerSecond: 400.25);
        counters.RecordCompletion(generationTokensPerSecond: 0, promptTokensPerSecond: 0);

        var statistics = counters.Snapshot();

        Assert.Equal(2, statistics.RequestsCompleted);
        Assert.Equal(25.5, statistics.LastGenerationTokensPerSecond);
        Assert.Equal(400.25, statistics.LastPromptTokensPerSecond);
    }
}
