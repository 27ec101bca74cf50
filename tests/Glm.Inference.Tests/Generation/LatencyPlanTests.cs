using Glm.Inference.Generation;

namespace Glm.Inference.Tests.Generation;

/// <summary>What fits a latency budget, as a table: the generation minimum first, then the new prompt, then generation.</summary>
public sealed class LatencyPlanTests
{
    [Theory]
    // Prompt 100 tokens/s, generation 10 tokens/s, a 2 s budget.
    [InlineData(100, 10, 2000, 10, 64, 10, 19)] // Little new prompt: 0.1 s of it, 1.9 s of generation.
    [InlineData(100, 10, 2000, 500, 64, 160, 4)] // Long new prompt: 1.6 s of it after the 4-token minimum.
    [InlineData(100, 10, 2000, 1, 8, 1, 8)] // Everything fits: what was asked for.
    [InlineData(100, 10, 2000, 500, 2, 180, 2)] // Fewer tokens asked for than the minimum: that many are reserved.
    [InlineData(100, 10, 100, 500, 64, 32, 4)] // A budget too small for anything: both minimums.
    [InlineData(100, 10, 0, 0, 64, 0, 4)] // No new prompt and no time: the generation minimum.
    [InlineData(1000, 50, 2000, 1000, 64, 1000, 50)] // A fast machine: the whole prompt, then 1 s of generation.
    [InlineData(0, 10, 2000, 500, 64, 500, 64)] // No prompt speed measured: no limit.
    public void SplitsTheBudget(
        double promptSpeed, double generationSpeed, int budgetMs, int uncached, int requested, int expectedPrompt, int expectedTokens)
    {
        var plan = LatencyPlan.For(new MeasuredSpeeds(promptSpeed, generationSpeed), TimeSpan.FromMilliseconds(budgetMs), uncached, requested);

        Assert.Equal(new LatencyPlan(expectedPrompt, expectedTokens), plan);
    }
}
