using Glm.Inference.Generation;
using Glm.Lsp.Completion;
using Glm.Lsp.Documents;
using Glm.Lsp.Settings;
using Glm.Lsp.Syntax;
using Glm.Lsp.Tests.Infrastructure;
using Microsoft.Extensions.Logging;

namespace Glm.Lsp.Tests.Completion;

/// <summary>The service on its own with a scripted model: what it answers, what it traces and what it logs.</summary>
public sealed class InlineCompletionServiceTests : IDisposable
{
    private const string Md = "file:///notes/a.md";

    private readonly RecordingLoggerFactory log = new();

    [Fact]
    public async Task An_identical_request_in_flight_is_traced_as_joined()
    {
        var release = new TaskCompletionSource();
        var generator = new ScriptedGenerator { Respond = _ => "brown fox", Gate = release.Task };
        var service = ServiceOf(generator);
        var document = new TextDocumentSnapshot(Md, "markdown", 1, "The quick ");
        var firstTrace = new CompletionTrace();
        var twinTrace = new CompletionTrace();

        var first = service.SuggestAsync(new SuggestionRequest(document, new LinePosition(0, 10), SuggestionTrigger.Automatic, Trace: firstTrace), CancellationToken.None);
        var twin = service.SuggestAsync(new SuggestionRequest(document, new LinePosition(0, 10), SuggestionTrigger.Automatic, Trace: twinTrace), CancellationToken.None);
        release.SetResult();

        Assert.Equal("brown fox", Assert.Single(await first).InsertText);
        Assert.Equal("brown fox", Assert.Single(await twin).InsertText);
        Assert.Equal("generated", firstTrace.Outcome);
        Assert.Equal("joined", twinTrace.Outcome);
        Assert.Single(generator.Requests);
    }

    [Fact]
    public async Task Code_gets_no_suggestion_and_the_log_says_where()
    {
        var generator = new ScriptedGenerator { Respond = _ => "never" };
        var service = ServiceOf(generator);
        var document = new TextDocumentSnapshot(Md, "markdown", 1, "Text\n\n```\nvar x\n```\n");
        var trace = new CompletionTrace();

        var suggestions = await service.SuggestAsync(new SuggestionRequest(document, new LinePosition(3, 5), SuggestionTrigger.Automatic, Trace: trace), CancellationToken.None);

        Assert.Empty(suggestions);
        Assert.Equal("skipped", trace.Outcome);
        Assert.Empty(generator.Requests);
        Assert.Contains("No completion in Code at LinePosition { Line = 3, Character = 5 } of file:///notes/a.md", log.Lines);
    }

    [Fact]
    public async Task Typing_through_a_suggestion_serves_its_rest_without_the_model()
    {
        var generator = new ScriptedGenerator { Respond = _ => "brown fox" };
        var service = ServiceOf(generator);
        await service.SuggestAsync(Automatic(1, "The quick "), CancellationToken.None);
        var trace = new CompletionTrace();

        var suggestions = await service.SuggestAsync(Automatic(2, "The quick br", trace), CancellationToken.None);

        Assert.Equal(new Suggestion("own fox", LineRange.At(new LinePosition(0, 12))), Assert.Single(suggestions));
        Assert.Equal("typingThrough", trace.Outcome);
        Assert.Single(generator.Requests);
    }

    [Fact]
    public async Task Without_prompt_reuse_typing_through_a_suggestion_asks_the_model_again()
    {
        // The benchmark's baseline measures the model on every keystroke, so the typing-through cache is off there.
        var generator = new ScriptedGenerator { Respond = _ => "brown fox" };
        var service = ServiceOf(generator, promptReuse: false);
        await service.SuggestAsync(Automatic(1, "The quick "), CancellationToken.None);
        var trace = new CompletionTrace();

        var suggestions = await service.SuggestAsync(Automatic(2, "The quick br", trace), CancellationToken.None);

        Assert.Equal("brown fox", Assert.Single(suggestions).InsertText);
        Assert.Equal("generated", trace.Outcome);
        Assert.Equal(2, generator.Requests.Count);
    }

    [Fact]
    public async Task An_empty_answer_gives_no_suggestion()
    {
        var generator = new ScriptedGenerator { Respond = _ => "   " };
        var service = ServiceOf(generator);
        var trace = new CompletionTrace();

        var suggestions = await service.SuggestAsync(Automatic(1, "The quick ", trace), CancellationToken.None);

        Assert.Empty(suggestions);
        Assert.Equal("generated", trace.Outcome);
    }

    [Fact]
    public async Task A_single_line_answer_that_starts_with_a_line_break_gives_no_suggestion()
    {
        // In the middle of a sentence only one line is wanted, and the model's first line is empty.
        var generator = new ScriptedGenerator { Respond = _ => "\nbrown fox" };
        var service = ServiceOf(generator);

        var suggestions = await service.SuggestAsync(Automatic(1, "The quick "), CancellationToken.None);

        Assert.Empty(suggestions);
        Assert.True(Assert.Single(generator.Requests).Options.SingleLine);
    }

    [Fact]
    public async Task A_superseded_request_is_logged_and_its_trace_says_the_model_is_free()
    {
        var release = new TaskCompletionSource();
        var generator = new ScriptedGenerator { Respond = _ => "answer", Gate = release.Task };
        var service = ServiceOf(generator);
        var olderTrace = new CompletionTrace();

        var older = service.SuggestAsync(Automatic(1, "Question wh", olderTrace), CancellationToken.None);
        await ReadySession.WaitUntil(() => generator.Requests.Count == 1);
        var newer = service.SuggestAsync(Automatic(2, "Question why"), CancellationToken.None);

        Assert.Empty(await older);
        Assert.Equal("superseded", olderTrace.Outcome);
        Assert.NotNull(olderTrace.ModelFreedTimestamp);
        Assert.Empty(olderTrace.Generations);
        Assert.Contains("Completion for file:///notes/a.md superseded", log.Lines);
        release.SetResult();
        Assert.Equal("answer", Assert.Single(await newer).InsertText);
    }

    [Fact]
    public async Task The_trace_records_the_generation_and_counts_its_first_token_from_arrival()
    {
        var generator = new ScriptedGenerator { Respond = _ => "brown fox" };
        var service = ServiceOf(generator);
        var trace = new CompletionTrace();
        // The scripted model's own time to first token is zero, so the trace's is the time the request waited before it.
        SpinWait.SpinUntil(() => trace.SinceArrival > TimeSpan.Zero);
        var arrivedBefore = trace.SinceArrival;

        await service.SuggestAsync(Automatic(1, "The quick ", trace), CancellationToken.None);

        var stats = Assert.Single(trace.Generations);
        Assert.Equal(3, stats.GeneratedTokens);
        Assert.NotNull(trace.TimeToFirstToken);
        Assert.InRange(trace.TimeToFirstToken.Value, arrivedBefore, trace.SinceArrival);
        Assert.NotNull(trace.ModelFreedTimestamp);
    }

    [Fact]
    public async Task A_selected_completion_replaces_its_range_in_the_prompt()
    {
        var generator = new ScriptedGenerator
        {
            Model = new ModelDescription("scripted", ModelProfile.Glm4, true, 4096, "scripted (tests)"),
            Respond = _ => " brown fox",
        };
        var service = ServiceOf(generator);
        var document = new TextDocumentSnapshot(Md, "markdown", 1, "The qu jumps");
        var selected = new SelectedCompletion(new LineRange(new LinePosition(0, 4), new LinePosition(0, 6)), "quick");

        var suggestions = await service.SuggestAsync(new SuggestionRequest(document, new LinePosition(0, 6), SuggestionTrigger.Automatic, selected), CancellationToken.None);

        Assert.Equal(new Suggestion("quick brown fox", selected.Range), Assert.Single(suggestions));
        var prompt = Assert.IsType<FillInTheMiddlePrompt>(Assert.Single(generator.Requests).Prompt);
        Assert.Equal("The quick", prompt.Prefix);
        Assert.Equal(" jumps", prompt.Suffix);
    }

    public void Dispose() => log.Dispose();

    private InlineCompletionService ServiceOf(ScriptedGenerator generator, bool promptReuse = true) =>
        new(() => generator, () => SettingsCatalog.Defaults, SyntaxContextDetector.Shared, log.CreateLogger<InlineCompletionService>(), promptReuse);

    private static SuggestionRequest Automatic(int version, string text, CompletionTrace? trace = null) =>
        new(new TextDocumentSnapshot(Md, "markdown", version, text), new LinePosition(0, text.Length), SuggestionTrigger.Automatic, Trace: trace);
}
