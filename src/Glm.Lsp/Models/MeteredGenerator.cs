using System.Runtime.CompilerServices;
using Glm.Inference.Generation;

namespace Glm.Lsp.Models;

/// <summary>Passes everything to the loaded generator and remembers the speed of the last finished generation,
/// which glm.status reports.</summary>
public sealed class MeteredGenerator(ITextGenerator inner) : ITextGenerator
{
    public ModelDescription Model => inner.Model;

    public GenerationStats? LastStats { get; private set; }

    public async IAsyncEnumerable<GenerationChunk> GenerateAsync(GenerationRequest request, [EnumeratorCancellation] CancellationToken cancellationToken = default)
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

    public int CountTokens(string text) => inner.CountTokens(text);

    public ValueTask DisposeAsync() => inner.DisposeAsync();
}
