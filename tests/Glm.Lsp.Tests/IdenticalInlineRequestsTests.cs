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
        var (ready, generator, first, second) = await JoinTwoRequestsAsync("answer", release.Task);
        await using var _ = ready;
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
        using var cancelFirst = new CancellationTokenSource();
        var (ready, generator, first, second) = await JoinTwoRequestsAsync("answer", release.Task, cancelFirst.Token);
        await using var _ = ready;
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
        using var cancelFirst = new CancellationTokenSource();
        using var cancelSecond = new CancellationTokenSource();
        var (ready, generator, first, second) = await JoinTwoRequestsAsync("never", new TaskCompletionSource().Task, cancelFirst.Token, cancelSecond.Token);
        await using var _ = ready;
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
        var (ready, generator, first, second) = await JoinTwoRequestsAsync("answer", new TaskCompletionSource().Task);
        await using var _ = ready;
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

    /// <summary>
    /// Opens the document and sends two identical requests, the second once the first's generation (held at
    /// <paramref name="gate"/>) has started, and returns when the server has logged that the second joined it.
    /// </summary>
    private static async Task<(ReadySession Ready, ScriptedGenerator Generator, Task<string> First, Task<string> Second)> JoinTwoRequestsAsync(
        string respond, Task gate, CancellationToken firstCancellation = default, CancellationToken secondCancellation = default)
    {
        var generator = new ScriptedGenerator { Respond = _ => respond, Gate = gate };
        var log = new RecordingLoggerFactory();
        var ready = await ReadySession.StartAsync(generator, log: log);
        await ready.OpenAsync(Md, "markdown", "Question ");
        var first = ready.InlineAsync(Md, 0, 9, cancellationToken: firstCancellation);
        await ReadySession.WaitUntil(() => generator.Requests.Count == 1);
        var second = ready.InlineAsync(Md, 0, 9, cancellationToken: secondCancellation);
        await ReadySession.WaitUntil(() => log.Lines.Contains(Joined));
        return (ready, generator, first, second);
    }
}
