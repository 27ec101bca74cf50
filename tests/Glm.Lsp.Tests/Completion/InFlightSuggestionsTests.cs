using Glm.Lsp.Completion;
using Glm.Lsp.Documents;
using Glm.Lsp.Settings;
using Glm.Lsp.Tests.Infrastructure;
using Microsoft.Extensions.Logging;

namespace Glm.Lsp.Tests.Completion;

/// <summary>
/// The registry on its own, with generations the test holds and releases. Scenarios that depend on a continuation
/// running where it was triggered start from <see cref="Task.Run(Func{Task})"/>, so no test synchronization context
/// defers them.
/// </summary>
public sealed class InFlightSuggestionsTests
{
    private const string Md = "file:///notes/a.md";
    private static readonly ScriptedGenerator Generator = new();

    [Fact]
    public async Task A_twin_joins_the_newest_request_for_another_position_of_the_same_version()
    {
        var inFlight = NewRegistry();
        var document = new TextDocumentSnapshot(Md, "markdown", 1, "The quick brown");
        var first = new Held();
        var second = new Held();
        var twin = new Held();

        var firstTask = inFlight.RunOrJoinAsync(IdentityOf(document, 4), first.Generate, CancellationToken.None);
        var secondTask = inFlight.RunOrJoinAsync(IdentityOf(document, 10), second.Generate, CancellationToken.None);
        var twinTask = inFlight.RunOrJoinAsync(IdentityOf(document, 10), twin.Generate, CancellationToken.None);
        first.Release("first");
        second.Release("second");
        twin.Release("twin");

        Assert.Equal(("first", false), Answer(await firstTask));
        Assert.Equal(("second", false), Answer(await secondTask));
        Assert.Equal(("second", true), Answer(await twinTask));
        Assert.Equal(0, twin.Calls);
    }

    [Fact]
    public async Task A_late_request_for_an_older_version_does_not_hide_the_newer_one_from_its_twin()
    {
        var inFlight = NewRegistry();
        var newer = new TextDocumentSnapshot(Md, "markdown", 5, "Question why");
        var older = new TextDocumentSnapshot(Md, "markdown", 4, "Question wh");
        var newerGeneration = new Held();
        var olderGeneration = new Held();

        var newerTask = inFlight.RunOrJoinAsync(IdentityOf(newer, 12), newerGeneration.Generate, CancellationToken.None);
        var olderTask = inFlight.RunOrJoinAsync(IdentityOf(older, 11), olderGeneration.Generate, CancellationToken.None);
        var twin = new Held();
        var twinTask = inFlight.RunOrJoinAsync(IdentityOf(newer, 12), twin.Generate, CancellationToken.None);
        newerGeneration.Release("newer");
        olderGeneration.Release("older");
        twin.Release("twin");

        Assert.Equal(("older", false), Answer(await olderTask));
        Assert.Equal(("newer", false), Answer(await newerTask));
        Assert.Equal(("newer", true), Answer(await twinTask));
    }

    [Fact]
    public async Task A_finished_generation_no_longer_counts_as_the_newest_for_its_document()
    {
        // Version 5 finished before the late request for version 4 arrived: version 4 is then the one its twin joins.
        var inFlight = NewRegistry();
        var newer = new TextDocumentSnapshot(Md, "markdown", 5, "Question why");
        var older = new TextDocumentSnapshot(Md, "markdown", 4, "Question wh");
        var olderGeneration = new Held();

        var done = await inFlight.RunOrJoinAsync(IdentityOf(newer, 12), _ => Task.FromResult(Suggestions("newer")), CancellationToken.None);
        var olderTask = inFlight.RunOrJoinAsync(IdentityOf(older, 11), olderGeneration.Generate, CancellationToken.None);
        var twin = new Held();
        var twinTask = inFlight.RunOrJoinAsync(IdentityOf(older, 11), twin.Generate, CancellationToken.None);
        olderGeneration.Release("older");
        twin.Release("twin");

        Assert.Equal(("newer", false), Answer(done));
        Assert.Equal(("older", false), Answer(await olderTask));
        Assert.Equal(("older", true), Answer(await twinTask));
    }

    [Fact]
    public async Task An_older_generation_that_finishes_leaves_the_newest_one_for_its_twin()
    {
        await Task.Run(async () =>
        {
            var inFlight = NewRegistry();
            var document = new TextDocumentSnapshot(Md, "markdown", 1, "The quick brown");
            var first = new Held(synchronousContinuations: true);
            var second = new Held();

            var firstTask = inFlight.RunOrJoinAsync(IdentityOf(document, 4), first.Generate, CancellationToken.None);
            var secondTask = inFlight.RunOrJoinAsync(IdentityOf(document, 10), second.Generate, CancellationToken.None);
            // The first generation's registry bookkeeping runs inside this call, before the twin arrives.
            first.Release("first");
            var twin = new Held();
            var twinTask = inFlight.RunOrJoinAsync(IdentityOf(document, 10), twin.Generate, CancellationToken.None);
            second.Release("second");
            twin.Release("twin");

            Assert.Equal(("first", false), Answer(await firstTask));
            Assert.Equal(("second", false), Answer(await secondTask));
            Assert.Equal(("second", true), Answer(await twinTask));
        });
    }

    [Fact]
    public async Task A_failed_generation_fails_its_request_with_the_same_exception()
    {
        var inFlight = NewRegistry();
        var identity = IdentityOf(new TextDocumentSnapshot(Md, "markdown", 1, "The quick"), 9);

        var pending = inFlight.RunOrJoinAsync(identity, _ => Task.FromException<IReadOnlyList<Suggestion>>(new InvalidOperationException("model failed")), CancellationToken.None);

        // The generation failed at once, so the request has its answer without waiting for anything.
        Assert.True(pending.IsFaulted);
        var failure = await Assert.ThrowsAsync<InvalidOperationException>(() => pending);
        Assert.Equal("model failed", failure.Message);
    }

    [Fact]
    public async Task The_last_cancelled_request_answers_only_once_the_generation_stopped()
    {
        // The answer to a cancelled request tells the client that the model is free again.
        var inFlight = NewRegistry();
        var identity = IdentityOf(new TextDocumentSnapshot(Md, "markdown", 1, "The quick"), 9);
        var generation = new Held();
        using var cancel = new CancellationTokenSource();
        Task<(IReadOnlyList<Suggestion>, bool)> pending = null!;
        await Task.Run(() => { pending = inFlight.RunOrJoinAsync(identity, generation.Generate, cancel.Token); });

        cancel.Cancel();
        await generation.StopRequested;

        Assert.False(pending.IsCompleted);
        generation.Release("too late");
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => pending);
    }

    [Fact]
    public async Task A_twin_arriving_while_a_cancelled_generation_stops_starts_its_own()
    {
        var inFlight = NewRegistry();
        var identity = IdentityOf(new TextDocumentSnapshot(Md, "markdown", 1, "The quick"), 9);
        var stopping = new Held();
        var own = new Held();
        using var cancel = new CancellationTokenSource();
        var cancelled = inFlight.RunOrJoinAsync(identity, stopping.Generate, cancel.Token);
        cancel.Cancel();
        await stopping.StopRequested;

        var twinTask = inFlight.RunOrJoinAsync(identity, own.Generate, CancellationToken.None);
        own.Release("own");
        stopping.Release("stopping");

        Assert.Equal(("own", false), Answer(await twinTask));
        Assert.Equal(1, own.Calls);
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => cancelled);
    }

    private static InFlightSuggestions NewRegistry() => new(new RecordingLoggerFactory().CreateLogger<InFlightSuggestions>());

    private static SuggestionIdentity IdentityOf(TextDocumentSnapshot document, int character) =>
        new(document, new LinePosition(0, character), SuggestionTrigger.Automatic, null, SettingsCatalog.Defaults, Generator);

    private static IReadOnlyList<Suggestion> Suggestions(string text) => [new Suggestion(text, LineRange.At(new LinePosition(0, 0)))];

    private static (string Text, bool Joined) Answer((IReadOnlyList<Suggestion> Suggestions, bool Joined) answer) =>
        (Assert.Single(answer.Suggestions).InsertText, answer.Joined);

    /// <summary>A generation that answers when the test releases it, whether or not it was asked to stop.</summary>
    private sealed class Held(bool synchronousContinuations = false)
    {
        private readonly TaskCompletionSource<IReadOnlyList<Suggestion>> answer =
            new(synchronousContinuations ? TaskCreationOptions.None : TaskCreationOptions.RunContinuationsAsynchronously);

        private readonly TaskCompletionSource stopRequested = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public int Calls { get; private set; }

        public Task StopRequested => stopRequested.Task;

        public Task<IReadOnlyList<Suggestion>> Generate(CancellationToken stop)
        {
            Calls++;
            stop.Register(() => stopRequested.TrySetResult());
            return answer.Task;
        }

        public void Release(string text) => answer.SetResult(Suggestions(text));
    }
}
