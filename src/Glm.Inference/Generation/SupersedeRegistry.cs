namespace Glm.Inference.Generation;

/// <summary>
/// One running request per key (a document): starting a new one cancels the previous one, because a suggestion for an
/// older text is worthless. The one implementation of that rule for running work: the remote generator applies it to
/// <see cref="GenerationRequest.SupersedeKey"/> (closing the older HTTP stream), the server to its own prompt building
/// and post-processing. The local engine's JobQueue applies the same key to jobs still waiting in its queue as well,
/// which a registry of running work cannot see, so it keeps its own bookkeeping.
/// </summary>
public sealed class SupersedeRegistry
{
    private readonly Dictionary<string, CancellationTokenSource> running = new(StringComparer.Ordinal);
    private readonly Lock gate = new();

    /// <summary>Registers a new request for <paramref name="key"/>, cancelling the previous one; dispose the lease when done.</summary>
    public Lease Begin(string key)
    {
        var source = new CancellationTokenSource();
        lock (gate)
        {
            if (running.TryGetValue(key, out var previous))
            {
                previous.Cancel();
            }

            running[key] = source;
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
                current.Cancel();
            }
        }
    }

    private void End(string key, CancellationTokenSource source)
    {
        lock (gate)
        {
            if (running.TryGetValue(key, out var current) && ReferenceEquals(current, source))
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
