using System.Collections.Concurrent;

namespace Glm.Lsp.Translation;

/// <summary>
/// Translations by model, target and text. A translation keeps running after the hover that started it gave up
/// waiting, so the next hover over the same comment finds it done; a failed translation is forgotten so it can be retried.
/// </summary>
public sealed class TranslationCache
{
    private readonly ConcurrentDictionary<(string Model, string Target, string Text), Lazy<Task<string>>> entries = new();

    public Task<string> GetOrStart(string model, string target, string text, Func<Task<string>> translate)
    {
        var key = (model, target, text);
        var entry = entries.GetOrAdd(key, _ => new Lazy<Task<string>>(() => Task.Run(translate)));
        var task = entry.Value;
        _ = task.ContinueWith(
            _ => entries.TryRemove(new KeyValuePair<(string, string, string), Lazy<Task<string>>>(key, entry)),
            CancellationToken.None,
            TaskContinuationOptions.NotOnRanToCompletion,
            TaskScheduler.Default);
        return task;
    }
}
