using Glm.Inference.Engine;
using Glm.Inference.Generation;

namespace Glm.Inference.Tests.Engine;

/// <summary>Stop rules on the lines corpus: "first line\nsecond row\n\nthird part ends here\n\n\nlast".</summary>
[Trait("Speed", "Slow")]
public class LlamaEngineStopRuleTests
{
    private static readonly RawPrompt First = new("[gMASK]<sop>first");

    [Fact]
    public async Task MaxTokensStopsAfterExactlyThatMany()
    {
        await using var engine = await EngineTestModels.LoadAsync(EngineTestModels.Lines);

        var result = await engine.RunAsync(First, new GenerationOptions { MaxTokens = 3 });

        Assert.Equal(" line\nsecond", result.Text);
        Assert.Equal(3, result.Stats.GeneratedTokens);
        Assert.Equal(StopReason.MaxTokens, result.Stats.StopReason);
    }

    [Fact]
    public async Task SingleLineStopsAtTheNewlineWithoutEmittingIt()
    {
        await using var engine = await EngineTestModels.LoadAsync(EngineTestModels.Lines);

        var result = await engine.RunAsync(First, new GenerationOptions { SingleLine = true });

        Assert.Equal(" line", result.Text);
        Assert.Equal(StopReason.NewLine, result.Stats.StopReason);
    }

    [Fact]
    public async Task SingleLineKeepsANewlineThatComesBeforeAnyText()
    {
        await using var engine = await EngineTestModels.LoadAsync(EngineTestModels.Lines);

        var result = await engine.RunAsync(new RawPrompt("[gMASK]<sop>first line"), new GenerationOptions { SingleLine = true });

        Assert.Equal("\nsecond row", result.Text);
        Assert.Equal(StopReason.NewLine, result.Stats.StopReason);
    }

    [Fact]
    public async Task StopStringIsNeverEmittedEvenWhenItSpansTokens()
    {
        await using var engine = await EngineTestModels.LoadAsync(EngineTestModels.Lines);

        var result = await engine.RunAsync(First, new GenerationOptions { StopStrings = ["ond r"] });

        Assert.Equal(" line\nsec", result.Text);
        Assert.Equal([" line", "\n", "sec"], result.Chunks);
        Assert.Equal(StopReason.StopString, result.Stats.StopReason);
    }

    [Fact]
    public async Task AfterTheTimeBudgetTheNextNewlineStops()
    {
        await using var engine = await EngineTestModels.LoadAsync(EngineTestModels.Lines);

        var result = await engine.RunAsync(new RawPrompt("[gMASK]<sop>second"), new GenerationOptions { TimeBudget = TimeSpan.Zero });

        Assert.Equal(" row", result.Text);
        Assert.Equal(StopReason.TimeBudget, result.Stats.StopReason);
    }

    [Fact]
    public async Task AfterTheTimeBudgetWithoutANewlineAFewTokensMayPass()
    {
        await using var engine = await EngineTestModels.LoadAsync(EngineTestModels.Long);

        var result = await engine.RunAsync(new RawPrompt("[gMASK]<sop>" + EngineTestModels.Words(0, 1)), new GenerationOptions { TimeBudget = TimeSpan.Zero });

        Assert.Equal(EngineTestModels.Words(1, InferenceWorker.TokensToWaitForNewlineAfterBudget), result.Text);
        Assert.Equal(StopReason.TimeBudget, result.Stats.StopReason);
    }

    [Fact]
    public async Task ObservationAndUserTurnMarkersEndTheAnswer()
    {
        await using var engine = await EngineTestModels.LoadAsync(EngineTestModels.TurnMarkers);

        var beforeObservation = await engine.RunAsync(new RawPrompt("[gMASK]<sop>call"));
        var beforeUser = await engine.RunAsync(new RawPrompt("[gMASK]<sop>result"));

        Assert.Equal(" tool", beforeObservation.Text);
        Assert.Equal(StopReason.EndOfText, beforeObservation.Stats.StopReason);
        Assert.Equal(2, beforeObservation.Stats.GeneratedTokens);
        Assert.Equal(" text", beforeUser.Text);
        Assert.Equal(StopReason.EndOfText, beforeUser.Stats.StopReason);
    }
}
