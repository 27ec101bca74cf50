using Glm.Lsp.Completion;
using Glm.Lsp.Documents;
using Glm.Lsp.Settings;
using Glm.Lsp.Syntax;
using Glm.Lsp.Tests.Infrastructure;
using Microsoft.Extensions.Logging;

namespace Glm.Lsp.Tests.Completion;

/// <summary>
/// The race a cancellation cannot cover: the model finishes normally, and an edit of the document arrives between that
/// finish and the answer. The answer was made for a version the editor no longer shows, so it must be empty. The
/// generator holds its stream open after the last chunk until the test has made the edit, so no timing is involved.
/// </summary>
public sealed class StaleAnswerTests
{
    private const string Md = "file:///notes/a.md";

    [Fact]
    public async Task AnEditBetweenANormalFinishAndTheAnswer_MakesTheAnswerEmptyAndStale()
    {
        var hold = new TaskCompletionSource();
        var generator = new ScriptedGenerator { Respond = _ => "brown fox", HoldAfterLastChunk = hold.Task };
        await using var ready = await ReadySession.StartAsync(generator);
        var service = ServiceOf(ready);
        var trace = new CompletionTrace();

        var pending = service.SuggestAsync(
            new SuggestionRequest(new TextDocumentSnapshot(Md, "markdown", 1, "The quick "), new LinePosition(0, 10), SuggestionTrigger.Automatic, Trace: trace),
            CancellationToken.None);
        await ReadySession.WaitUntil(() => generator.Finished == 1);
        service.DocumentChanged(Md);
        hold.SetResult();

        Assert.Empty(await pending);
        Assert.Equal("stale", trace.Outcome);
        Assert.Equal(0, generator.Cancellations);
    }

    [Fact]
    public async Task TheStaleAnswer_IsNotRememberedForTypingThrough()
    {
        var hold = new TaskCompletionSource();
        var generator = new ScriptedGenerator { Respond = _ => "brown fox", HoldAfterLastChunk = hold.Task };
        await using var ready = await ReadySession.StartAsync(generator);
        var service = ServiceOf(ready);
        var pending = service.SuggestAsync(
            new SuggestionRequest(new TextDocumentSnapshot(Md, "markdown", 1, "The quick "), new LinePosition(0, 10), SuggestionTrigger.Automatic),
            CancellationToken.None);
        await ReadySession.WaitUntil(() => generator.Finished == 1);
        service.DocumentChanged(Md);
        hold.SetResult();
        Assert.Empty(await pending);

        // Typing the first letters of the stale answer must ask the model again, not replay what it said for version 1.
        generator.Respond = _ => "red fox";
        var trace = new CompletionTrace();
        var next = await service.SuggestAsync(
            new SuggestionRequest(new TextDocumentSnapshot(Md, "markdown", 2, "The quick br"), new LinePosition(0, 12), SuggestionTrigger.Automatic, Trace: trace),
            CancellationToken.None);

        Assert.Equal("red fox", Assert.Single(next).InsertText);
        Assert.Equal("generated", trace.Outcome);
        Assert.Equal(2, generator.Requests.Count);
    }

    [Fact]
    public async Task OverTheProtocol_ADidChangeAfterTheModelFinished_GetsAnEmptyList()
    {
        var hold = new TaskCompletionSource();
        var generator = new ScriptedGenerator { Respond = _ => "brown fox", HoldAfterLastChunk = hold.Task };
        await using var ready = await ReadySession.StartAsync(generator);
        await ready.OpenAsync(Md, "markdown", "The quick ");
        // Subscribed after the server's own handler, so this runs once the completion service has heard of the edit.
        var edited = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        ready.Session.Server.Documents.Changed += snapshot =>
        {
            if (snapshot.Version == 2)
            {
                edited.TrySetResult();
            }
        };

        var pending = ready.InlineAsync(Md, 0, 10);
        await ReadySession.WaitUntil(() => generator.Finished == 1);
        await ready.Session.NotifyAsync(
            "textDocument/didChange",
            """{"textDocument":{"uri":"file:///notes/a.md","version":2},"contentChanges":[{"range":{"start":{"line":0,"character":10},"end":{"line":0,"character":10}},"text":"b"}]}""");
        await edited.Task.WaitAsync(TimeSpan.FromSeconds(10));
        hold.SetResult();

        Assert.Equal("""{"items":[]}""", await pending);
    }

    [Fact]
    public async Task WithoutAnEdit_TheHeldAnswerArrivesWhole()
    {
        var hold = new TaskCompletionSource();
        var generator = new ScriptedGenerator { Respond = _ => "brown fox", HoldAfterLastChunk = hold.Task };
        await using var ready = await ReadySession.StartAsync(generator);
        var service = ServiceOf(ready);
        var trace = new CompletionTrace();
        var pending = service.SuggestAsync(
            new SuggestionRequest(new TextDocumentSnapshot(Md, "markdown", 1, "The quick "), new LinePosition(0, 10), SuggestionTrigger.Automatic, Trace: trace),
            CancellationToken.None);
        await ReadySession.WaitUntil(() => generator.Finished == 1);
        hold.SetResult();

        Assert.Equal(new Suggestion("brown fox", new LineRange(new LinePosition(0, 10), new LinePosition(0, 10))), Assert.Single(await pending));
        Assert.Equal("generated", trace.Outcome);
    }

    private static InlineCompletionService ServiceOf(ReadySession ready) =>
        new(() => ready.Session.Server.Models.Generator, () => SettingsCatalog.Defaults, SyntaxContextDetector.Shared, new RecordingLoggerFactory().CreateLogger<InlineCompletionService>());
}
