using System.Collections.Concurrent;

namespace Glm.Inference.Remote;

/// <summary>Cancels the running request of a supersede key when a newer request with the same key starts.</summary>
internal sealed class SupersedeRegistry
{
    private readonly ConcurrentDictionary<string, CancellationTokenSource> running = new();

    /// <summary>Registers a new request; returns its own token source (already cancelled requests of the key are told so).</summary>
    public CancellationTokenSource Start(string key)
    {
        var mine = new CancellationTokenSource();
        running.AddOrUpdate(key, mine, (_, older) =>
        {
            try
            {
                older.Cancel();
            }
            catch (ObjectDisposedException)
            {
                // The older request finished at this very moment: nothing left to cancel.
            }

            return mine;
        });
        return mine;
    }

    public void Finish(string key, CancellationTokenSource source)
    {
        running.TryRemove(new KeyValuePair<string, CancellationTokenSource>(key, source));
        source.Dispose();
    }
}
