using Glm.Inference.Generation;
using Glm.Lsp.Completion;
using Glm.Lsp.Settings;
using Glm.Lsp.Tests.Infrastructure;

namespace Glm.Lsp.Tests.Completion;

/// <summary>
/// Which suggestions carry <c>glm.latencyBudgetMs</c> and when the budget makes a suggestion single-line, with a scripted
/// generator that reports measured speeds. The cursor is at the end of a finished paragraph, where the shape is
/// multi-line unless the budget says otherwise.
/// </summary>
public sealed class SuggestionBudgetTests
{
    private const string Md = "file:///notes/budget.md";
    private const string Text = "A finished sentence.\n";
    private const int Automatic = 2;
    private const int Invoked = 1;

    [Fact]
    public async Task AnAutomaticSuggestion_CarriesTheBudget_AndStaysMultiLineWhenEnoughFits()
    {
        // 2 s at 10 tokens/s, after 8 new prompt tokens at 100 tokens/s: 19 tokens fit, at least the 16 of a multi-line one.
        var request = await RequestAsync(new MeasuredSpeeds(100, 10), null, Automatic);

        Assert.Equal(TimeSpan.FromMilliseconds(2000), request.Options.LatencyBudget);
        Assert.False(request.Options.SingleLine);
        Assert.True(Assert.IsType<FillInTheMiddlePrompt>(request.Prompt).MultiLine);
    }

    [Fact]
    public async Task WhenFewerThanSixteenTokensFit_TheAutomaticSuggestionIsSingleLine()
    {
        // At 5 tokens/s: 9 tokens fit.
        var request = await RequestAsync(new MeasuredSpeeds(100, 5), null, Automatic);

        Assert.Equal(TimeSpan.FromMilliseconds(2000), request.Options.LatencyBudget);
        Assert.True(request.Options.SingleLine);
        Assert.False(Assert.IsType<FillInTheMiddlePrompt>(request.Prompt).MultiLine);
    }

    [Fact]
    public async Task ALargerBudgetSetting_LetsTheSameMachineWriteMultiLine()
    {
        var request = await RequestAsync(new MeasuredSpeeds(100, 5), """{"latencyBudgetMs":5000}""", Automatic);

        Assert.Equal(TimeSpan.FromMilliseconds(5000), request.Options.LatencyBudget);
        Assert.False(request.Options.SingleLine);
    }

    [Fact]
    public async Task AnInvokedSuggestion_HasNoBudget_AndKeepsBothShapes()
    {
        var generator = new ScriptedGenerator { Respond = _ => "x", Speeds = new MeasuredSpeeds(100, 5) };
        await using var ready = await ReadySession.StartAsync(generator, null);
        await ready.OpenAsync(Md, "markdown", Text);
        await ready.InlineAsync(Md, 1, 0, Invoked);

        Assert.All(generator.Requests, r => Assert.Null(r.Options.LatencyBudget));
        Assert.Equal([false, true], generator.Requests.Select(r => r.Options.SingleLine));
    }

    [Fact]
    public async Task ABudgetOfZero_IsNoBudget()
    {
        var request = await RequestAsync(new MeasuredSpeeds(100, 5), """{"latencyBudgetMs":0}""", Automatic);

        Assert.Null(request.Options.LatencyBudget);
        Assert.False(request.Options.SingleLine);
    }

    [Fact]
    public async Task BeforeAnySpeedIsMeasured_TheBudgetIsSent_AndTheShapeIsUnchanged()
    {
        var request = await RequestAsync(null, null, Automatic);

        Assert.Equal(TimeSpan.FromMilliseconds(2000), request.Options.LatencyBudget);
        Assert.False(request.Options.SingleLine);
    }

    [Fact]
    public void Sixteen_tokens_are_enough_for_several_lines_and_fifteen_are_not()
    {
        // After 8 prompt tokens at 100 tokens/s (80 ms), 1680 ms leave 1.6 s at 10 tokens/s: exactly 16 tokens.
        var speeds = new MeasuredSpeeds(100, 10);
        var exact = SettingsCatalog.Defaults with { LatencyBudgetMs = 1680 };
        var oneMillisecondLess = SettingsCatalog.Defaults with { LatencyBudgetMs = 1679 };

        Assert.Equal(16, SuggestionBudget.TokensPerSuggestion(exact, speeds));
        Assert.False(SuggestionBudget.For(SuggestionTrigger.Automatic, exact, speeds).SingleLineOnly);
        Assert.Equal(15, SuggestionBudget.TokensPerSuggestion(oneMillisecondLess, speeds));
        Assert.True(SuggestionBudget.For(SuggestionTrigger.Automatic, oneMillisecondLess, speeds).SingleLineOnly);
    }

    [Fact]
    public void A_budget_of_zero_gives_no_token_estimate()
    {
        // Zero is "no budget", not a budget with room for nothing: there is nothing to estimate.
        Assert.Null(SuggestionBudget.TokensPerSuggestion(SettingsCatalog.Defaults with { LatencyBudgetMs = 0 }, new MeasuredSpeeds(100, 10)));
    }

    [Fact]
    public void Missing_settings_are_refused_by_name()
    {
        // Refused even where the answer would not need them (an invoked suggestion, no speeds measured).
        Assert.Equal("settings", Assert.Throws<ArgumentNullException>(() => SuggestionBudget.For(SuggestionTrigger.Invoked, null!, null)).ParamName);
        Assert.Equal("settings", Assert.Throws<ArgumentNullException>(() => SuggestionBudget.TokensPerSuggestion(null!, null)).ParamName);
    }

    private static async Task<GenerationRequest> RequestAsync(MeasuredSpeeds? speeds, string? settings, int trigger)
    {
        var generator = new ScriptedGenerator { Respond = _ => "x", Speeds = speeds };
        await using var ready = await ReadySession.StartAsync(generator, settings);
        await ready.OpenAsync(Md, "markdown", Text);
        await ready.InlineAsync(Md, 1, 0, trigger);
        return Assert.Single(generator.Requests);
    }
}
