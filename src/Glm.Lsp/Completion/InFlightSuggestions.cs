using Microsoft.Extensions.Logging;

namespace Glm.Lsp.Completion;

/// <summary>
/// Lets identical inline requests that overlap share one generation. An editor may ask twice for the same version and
/// position and then give up on one of the two (the VS Code e2e runs showed the last request of a typed word
/// "superseded" with no other answer for that version); if the second superseded the first, the answer the editor kept
/// could be the empty one. Joined, both get the same items and the model works once. A request that differs in anything (position, version,
/// trigger, settings, model) is not joined: it starts its own generation, which supersedes the older one as before.
/// </summary>
internal sealed class InFlightSuggestions(ILogger logger)
{
    private readonly Dictionary<string, SharedGeneration> newestByDocument = new(StringComparer.Ordinal);
    private readonly Lock gate = new();

    /// <summary>
    /// Joins the generation running for an identical request, or starts <paramref name="generate"/> as the one others may
    /// join. The generation's token is cancelled only when every request waiting for it was cancelled.
    /// </summary>
    /// <returns>The suggestions, and whether they came from a generation another request had started.</returns>
    public async Task<(IReadOnlyList<Suggestion> Suggestions, bool Joined)> RunOrJoinAsync(
        SuggestionIdentity identity,
        Func<CancellationToken, Task<IReadOnlyList<Suggestion>>> generate,
        CancellationToken cancellationToken)
    {
        var uri = identity.Document.Uri;
        SharedGeneration shared;
        var joined = false;
        lock (gate)
        {
            if (newestByDocument.TryGetValue(uri, out var running) && running.Identity == identity && running.TryAddWaiter())
            {
                shared = running;
                joined = true;
            }
            else
            {
                shared = new SharedGeneration(identity);
                // A request for an older version (handlers run concurrently) must not hide the newer one from its twins.
                if (running is null || running.Identity.Document.Version <= identity.Document.Version)
                {
                    newestByDocument[uri] = shared;
                }
            }
        }

        if (joined)
        {
            logger.LogDebug("Completion for {Uri} v{Version} joined an identical request in flight", uri, identity.Document.Version);
        }
        else
        {
            _ = RunAsync(shared, generate);
        }

        try
        {
            return (await shared.Result.Task.WaitAsync(cancellationToken), joined);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            if (Leave(shared))
            {
                // The last one out waits until the generation has stopped, so the answer to a cancelled request still
                // means the model is free (the benchmark measures that moment).
                await ((Task)shared.Result.Task).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
            }

            throw;
        }
    }

    private async Task RunAsync(SharedGeneration shared, Func<CancellationToken, Task<IReadOnlyList<Suggestion>>> generate)
    {
        try
        {
            shared.Result.TrySetResult(await generate(shared.Stop.Token));
        }
        catch (OperationCanceledException e)
        {
            shared.Result.TrySetCanceled(e.CancellationToken);
        }
        catch (Exception e)
        {
            shared.Result.TrySetException(e);
        }
        finally
        {
            lock (gate)
            {
                if (newestByDocument.TryGetValue(shared.Identity.Document.Uri, out var newest) && ReferenceEquals(newest, shared))
                {
                    newestByDocument.Remove(shared.Identity.Document.Uri);
                }

                shared.Finish();
            }
        }

        // A failure nobody waits for any more (every request was cancelled) must not surface as an unobserved exception.
        _ = shared.Result.Task.Exception;
    }

    /// <summary>Removes a cancelled waiter; true when it was the last one and the generation was told to stop.</summary>
    private bool Leave(SharedGeneration shared)
    {
        bool lastOne;
        lock (gate)
        {
            lastOne = shared.RemoveWaiter();
        }

        // Outside the lock: cancellation runs the generation's callbacks, which may end it and take the lock again.
        if (lastOne)
        {
            shared.Stop.Cancel();
        }

        return lastOne;
    }

    /// <summary>One generation and the requests waiting for it; every member is used under the registry's lock.</summary>
    private sealed class SharedGeneration(SuggestionIdentity identity)
    {
        private int waiters = 1;
        private bool finished;

        public SuggestionIdentity Identity { get; } = identity;

        public TaskCompletionSource<IReadOnlyList<Suggestion>> Result { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public CancellationTokenSource Stop { get; } = new();

        /// <summary>False once everyone left (the generation is being stopped) or it finished: then start a new one.</summary>
        public bool TryAddWaiter()
        {
            if (finished || waiters == 0)
            {
                return false;
            }

            waiters++;
            return true;
        }

        /// <summary>True when the last waiter left a generation still running: the caller stops it.</summary>
        public bool RemoveWaiter()
        {
            waiters--;
            return waiters == 0 && !finished;
        }

        /// <summary>
        /// <see cref="Stop"/> is not disposed: a waiter may still cancel it after the generation ended, and a source
        /// without timers or wait handles holds nothing that needs disposing.
        /// </summary>
        public void Finish() => finished = true;
    }
}
