namespace Glm.Lsp.Translation;

/// <summary>
/// Translations by model, target and text. A translation keeps running after the hover that started it gave up
/// waiting, so the next hover over the same comment finds it done; a failed translation is forgotten so it can be retried.
/// At most <see cref="Capacity"/> finished translations are kept, the least recently asked for leaving first, so a long
/// session of hovers does not grow the server without bound; running ones are never dropped, so a hover still joins them.
/// </summary>
/// <param name="capacity">The finished translations kept.</param>
public sealed class TranslationCache(int capacity = TranslationCache.DefaultCapacity)
{
    /// <summary>Enough for every comment of the files a user reads in a day; each entry holds one comment and its translation.</summary>
    public const int DefaultCapacity = 512;

    private readonly Lock gate = new();
    private readonly Dictionary<(string Model, string Target, string Text), LinkedListNode<Entry>> entries = [];
    private readonly LinkedList<Entry> byRecency = [];

    public int Capacity { get; } = capacity >= 1 ? capacity : throw new ArgumentOutOfRangeException(nameof(capacity), capacity, "The cache must keep at least one translation.");

    /// <summary>Translations held now, running or finished.</summary>
    public int Count
    {
        get
        {
            lock (gate)
            {
                return entries.Count;
            }
        }
    }

    public Task<string> GetOrStart(string model, string target, string text, Func<Task<string>> translate)
    {
        var key = (model, target, text);
        LinkedListNode<Entry> node;
        lock (gate)
        {
            if (entries.TryGetValue(key, out var found))
            {
                byRecency.Remove(found);
                byRecency.AddFirst(found);
                return found.Value.Translation;
            }

            node = byRecency.AddFirst(new Entry(key, Task.Run(translate)));
            entries[key] = node;
            DropLeastRecentFinishedLocked();
        }

        _ = node.Value.Translation.ContinueWith(
            _ => Forget(node),
            CancellationToken.None,
            TaskContinuationOptions.NotOnRanToCompletion,
            TaskScheduler.Default);
        return node.Value.Translation;
    }

    private void Forget(LinkedListNode<Entry> node)
    {
        lock (gate)
        {
            if (entries.TryGetValue(node.Value.Key, out var current) && ReferenceEquals(current, node))
            {
                entries.Remove(node.Value.Key);
                byRecency.Remove(node);
            }
        }
    }

    private void DropLeastRecentFinishedLocked()
    {
        // The newest entry, just added, is never the one dropped: its caller is about to wait for it.
        var candidate = byRecency.Last;
        while (entries.Count > Capacity && candidate is not null && candidate != byRecency.First)
        {
            var newer = candidate.Previous;
            if (candidate.Value.Translation.IsCompleted)
            {
                entries.Remove(candidate.Value.Key);
                byRecency.Remove(candidate);
            }

            candidate = newer;
        }
    }

    private sealed record Entry((string Model, string Target, string Text) Key, Task<string> Translation);
}
