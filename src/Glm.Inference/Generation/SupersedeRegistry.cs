namespace Glm.Inference.Generation;

/// <summary>
/// One running request per key (a document): starting a new one cancels the previous one, because a suggestion for an
/// older text is worthless. "New" means made for the same or a newer version: a request for an older version than the
/// running one starts superseded and leaves the running one alone. The one implementation of that rule for running work: the remote generator applies it to
/// <see cref="GenerationRequest.SupersedeKey"/> (closing the older HTTP stream), the server to its own prompt building
/// and post-processing. The local engine's JobQueue applies the same key to jobs still waiting in its queue as well,
/// which a registry of running work cannot see, so it keeps its own bookkeeping.
/// </summary>
public sealed class SupersedeRegistry
{
    private readonly Dictionary<string, (CancellationTokenSource Source, long Version)> running = new(StringComparer.Ordinal);
    private readonly Lock gate = new();

    /// <summary>
    /// Registers a new request for <paramref name="key"/> made for <paramref name="version"/>, cancelling the previous
    /// one unless that was made for a newer version, in which case the new lease is superseded from the start. Dispose
    /// the lease when done.
    /// </summary>
    public Lease Begin(string key, long version = 0)
    {
        var source = new CancellationTokenSource();
        lock (gate)
        {
            if (running.TryGetValue(key, out var previous) && previous.Version > version)
            {
                source.Cancel();
                return new Lease(this, key, source);
            }

            previous.Source?.Cancel();
            running[key] = (source, version);
        }

        return new Lease(this, key, source);
    }

    /// <summary>Cancels the request running for <paramref name="key"/>, if any (its document changed).</summary>
    public void Cancel(string key)
    {
        lock (gate)
        {
            if (running.TryGetValue(key, out var current))
            {
                current.Source.Cancel();
            }
        }
    }

    private void End(string key, CancellationTokenSource source)
    {
        lock (gate)
        {
            if (running.TryGetValue(key, out var current) && ReferenceEquals(current.Source, source))
            {
                running.Remove(key);
            }

            source.Dispose();
        }
    }

    public sealed class Lease(SupersedeRegistry owner, string key, CancellationTokenSource source) : IDisposable
    {
        public CancellationToken Superseded => source.Token;

        public void Dispose() => owner.End(key, source);
    }
}
