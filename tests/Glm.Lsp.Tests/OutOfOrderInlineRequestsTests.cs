using Glm.Lsp.Completion;
using Glm.Lsp.Documents;
using Glm.Lsp.Settings;
using Glm.Lsp.Syntax;
using Glm.Lsp.Tests.Infrastructure;
using Microsoft.Extensions.Logging;

namespace Glm.Lsp.Tests;

/// <summary>
/// Request handlers run concurrently, so under load the request for version 4 of a document can reach the completion
/// service after the one for version 5 (a VS Code e2e run in CI: the request for the last typed letter was superseded by
/// the one before it, which VS Code then cancelled, and no ghost text appeared). The editor's order is the version's.
/// </summary>
public sealed class OutOfOrderInlineRequestsTests
{
    private const string Md = "file:///notes/a.md";

    [Fact]
    public async Task ARequestForAnOlderVersionArrivingLate_IsAnsweredEmptyAtOnce_AndTheNewerOneAnswers()
    {
        var release = new TaskCompletionSource();
        var generator = new ScriptedGenerator { Respond = _ => "answer", Gate = release.Task };
        var log = new RecordingLoggerFactory();
        await using var ready = await ReadySession.StartAsync(generator);
        var service = ServiceOf(ready, log);
        var version5 = new TextDocumentSnapshot(Md, "markdown", 5, "Question why");
        var version4 = new TextDocumentSnapshot(Md, "markdown", 4, "Question wh");
        var newerTrace = new CompletionTrace();
        var olderTrace = new CompletionTrace();

        var newer = service.SuggestAsync(new SuggestionRequest(version5, new LinePosition(0, 12), SuggestionTrigger.Automatic, Trace: newerTrace), CancellationToken.None);
        await ReadySession.WaitUntil(() => generator.Requests.Count == 1);
        var older = await service.SuggestAsync(new SuggestionRequest(version4, new LinePosition(0, 11), SuggestionTrigger.Automatic, Trace: olderTrace), CancellationToken.None);

        Assert.Empty(older);
        Assert.Equal("stale", olderTrace.Outcome);
        Assert.Contains("Completion for file:///notes/a.md v4 not started: a newer version's is running", log.Lines);
        release.SetResult();
        var answer = Assert.Single(await newer);
        Assert.Equal("answer", answer.InsertText);
        Assert.Equal("generated", newerTrace.Outcome);
        Assert.Single(generator.Requests);
        Assert.Equal(0, generator.Cancellations);
    }

    [Fact]
    public async Task ARequestForANewerVersion_StillSupersedesTheOlderOne()
    {
        var release = new TaskCompletionSource();
        var generator = new ScriptedGenerator { Respond = _ => "answer", Gate = release.Task };
        await using var ready = await ReadySession.StartAsync(generator);
        var service = ServiceOf(ready, new RecordingLoggerFactory());
        var olderTrace = new CompletionTrace();

        var older = service.SuggestAsync(
            new SuggestionRequest(new TextDocumentSnapshot(Md, "markdown", 4, "Question wh"), new LinePosition(0, 11), SuggestionTrigger.Automatic, Trace: olderTrace),
            CancellationToken.None);
        await ReadySession.WaitUntil(() => generator.Requests.Count == 1);
        var newer = service.SuggestAsync(
            new SuggestionRequest(new TextDocumentSnapshot(Md, "markdown", 5, "Question why"), new LinePosition(0, 12), SuggestionTrigger.Automatic),
            CancellationToken.None);

        Assert.Empty(await older);
        Assert.Equal("superseded", olderTrace.Outcome);
        release.SetResult();
        Assert.Equal("answer", Assert.Single(await newer).InsertText);
        Assert.Equal(1, generator.Cancellations);
    }

    /// <summary>A completion service of its own on the session's ready model, so a test can hand it any snapshot in any order.</summary>
    private static InlineCompletionService ServiceOf(ReadySession ready, RecordingLoggerFactory log) =>
        new(() => ready.Session.Server.Models.Generator, () => SettingsCatalog.Defaults, SyntaxContextDetector.Shared, log.CreateLogger<InlineCompletionService>());
}
