using Glm.Lsp.Tests.Infrastructure;

namespace Glm.Lsp.Tests;

/// <summary>
/// Two identical inline requests that overlap (same document version, position, trigger and settings) share one
/// generation: VS Code sends such pairs, and superseding the first left one of them empty (issue #4 follow-up).
/// </summary>
public sealed class IdenticalInlineRequestsTests
{
    private const string Md = "file:///notes/a.md";
    private const string Joined = "Completion for file:///notes/a.md v1 joined an identical request in flight";
    private const string Answer = """{"items":[{"insertText":"answer","range":{"start":{"line":0,"character":9},"end":{"line":0,"character":9}}}]}""";

    [Fact]
    public async Task TwoIdenticalConcurrentRequests_AreBothAnsweredWithTheSameItemsFromOneGeneration()
    {
        var release = new TaskCompletionSource();
        var generator = new ScriptedGenerator { Respond = _ => "answer", Gate = release.Task };
        var log = new RecordingLoggerFactory();
        await using var ready = await ReadySession.StartAsync(generator, log: log);
        await ready.OpenAsync(Md, "markdown", "Question ");

        var first = ready.InlineAsync(Md, 0, 9);
        await ReadySession.WaitUntil(() => generator.Requests.Count == 1);
        var second = ready.InlineAsync(Md, 0, 9);
        await ReadySession.WaitUntil(() => log.Lines.Contains(Joined));
        release.SetResult();

        Assert.Equal(Answer, await first);
        Assert.Equal(Answer, await second);
        Assert.Single(generator.Requests);
        Assert.Equal(0, generator.Cancellations);
    }

    [Fact]
    public async Task CancellingOneOfTwoJoinedRequests_LeavesTheGenerationToTheOther()
    {
        var release = new TaskCompletionSource();
        var generator = new ScriptedGenerator { Respond = _ => "answer", Gate = release.Task };
        var log = new RecordingLoggerFactory();
        await using var ready = await ReadySession.StartAsync(generator, log: log);
        await ready.OpenAsync(Md, "markdown", "Question ");

        using var cancelFirst = new CancellationTokenSource();
        var first = ready.InlineAsync(Md, 0, 9, cancellationToken: cancelFirst.Token);
        await ReadySession.WaitUntil(() => generator.Requests.Count == 1);
        var second = ready.InlineAsync(Md, 0, 9);
        await ReadySession.WaitUntil(() => log.Lines.Contains(Joined));
        await cancelFirst.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => first);
        release.SetResult();

        Assert.Equal(Answer, await second);
        Assert.Single(generator.Requests);
        Assert.Equal(0, generator.Cancellations);
    }

    [Fact]
    public async Task CancellingBothJoinedRequests_StopsTheGeneration()
    {
        var generator = new ScriptedGenerator { Respond = _ => "never", Gate = new TaskCompletionSource().Task };
        var log = new RecordingLoggerFactory();
        await using var ready = await ReadySession.StartAsync(generator, log: log);
        await ready.OpenAsync(Md, "markdown", "Question ");

        using var cancelFirst = new CancellationTokenSource();
        using var cancelSecond = new CancellationTokenSource();
        var first = ready.InlineAsync(Md, 0, 9, cancellationToken: cancelFirst.Token);
        await ReadySession.WaitUntil(() => generator.Requests.Count == 1);
        var second = ready.InlineAsync(Md, 0, 9, cancellationToken: cancelSecond.Token);
        await ReadySession.WaitUntil(() => log.Lines.Contains(Joined));
        await cancelFirst.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => first);
        Assert.Equal(0, generator.Cancellations);
        await cancelSecond.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => second);

        await ReadySession.WaitUntil(() => generator.Cancellations == 1);
        Assert.Single(generator.Requests);
    }

    [Fact]
    public async Task AnEditWhileTwoRequestsAreJoined_EmptiesBothAnswers()
    {
        var release = new TaskCompletionSource();
        var generator = new ScriptedGenerator { Respond = _ => "answer", Gate = release.Task };
        var log = new RecordingLoggerFactory();
        await using var ready = await ReadySession.StartAsync(generator, log: log);
        await ready.OpenAsync(Md, "markdown", "Question ");

        var first = ready.InlineAsync(Md, 0, 9);
        await ReadySession.WaitUntil(() => generator.Requests.Count == 1);
        var second = ready.InlineAsync(Md, 0, 9);
        await ReadySession.WaitUntil(() => log.Lines.Contains(Joined));
        await ready.Session.NotifyAsync(
            "textDocument/didChange",
            """{"textDocument":{"uri":"file:///notes/a.md","version":2},"contentChanges":[{"text":"Question two "}]}""");

        Assert.Equal("""{"items":[]}""", await first);
        Assert.Equal("""{"items":[]}""", await second);
        Assert.Equal(1, generator.Cancellations);
    }

    [Fact]
    public async Task AnInvokedRequestAtTheSamePlace_SupersedesAnAutomaticOneInsteadOfJoiningIt()
    {
        var release = new TaskCompletionSource();
        var generator = new ScriptedGenerator { Respond = _ => "answer", Gate = release.Task };
        await using var ready = await ReadySession.StartAsync(generator);
        await ready.OpenAsync(Md, "markdown", "Question ");

        var automatic = ready.InlineAsync(Md, 0, 9, trigger: 2);
        await ReadySession.WaitUntil(() => generator.Requests.Count == 1);
        var invoked = ready.InlineAsync(Md, 0, 9, trigger: 1);

        Assert.Equal("""{"items":[]}""", await automatic);
        release.SetResult();
        Assert.Contains("\"insertText\":\"answer\"", await invoked, StringComparison.Ordinal);
        Assert.Equal(1, generator.Cancellations);
    }
}
