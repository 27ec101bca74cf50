using System.Runtime.CompilerServices;
using Glm.Inference.Generation;

namespace Glm.Lsp.Models;

/// <summary>Passes everything to the loaded generator, remembers the speed of the last finished generation, which
/// glm.status reports, and says when generations start and stop (for the glm/status notification's spinner).</summary>
public sealed class MeteredGenerator(ITextGenerator inner, Action<MeteredGenerator, bool>? activityChanged = null) : ITextGenerator
{
    private int running;

    public ModelDescription Model => inner.Model;

    public GenerationStats? LastStats { get; private set; }

    /// <summary>Whether any generation is streaming right now.</summary>
    public bool IsGenerating => Volatile.Read(ref running) > 0;

    public async IAsyncEnumerable<GenerationChunk> GenerateAsync(GenerationRequest request, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        if (Interlocked.Increment(ref running) == 1)
        {
            activityChanged?.Invoke(this, true);
        }

        try
        {
            await foreach (var chunk in inner.GenerateAsync(request, cancellationToken))
            {
                if (chunk.Completed is { } stats)
                {
                    LastStats = stats;
                }

                yield return chunk;
            }
        }
        finally
        {
            if (Interlocked.Decrement(ref running) == 0)
            {
                activityChanged?.Invoke(this, false);
            }
        }
    }

    public int CountTokens(string text) => inner.CountTokens(text);

    public ValueTask DisposeAsync() => inner.DisposeAsync();
}
