using System.Runtime.CompilerServices;
using Glm.Inference.Generation;

namespace Glm.Lsp.Models;

/// <summary>Passes everything to the loaded generator and remembers the speed of the last finished generation and the
/// last failure (a remote server that went away), which glm.status reports.</summary>
public sealed class MeteredGenerator(ITextGenerator inner) : ITextGenerator
{
    public ModelDescription Model => inner.Model;

    public GenerationStats? LastStats { get; private set; }

    /// <summary>The message of the last failed generation; null after a success. Cancellation is not a failure.</summary>
    public string? LastFailure { get; private set; } = (inner as ProbedGenerator)?.ConnectionProblem;

    public async IAsyncEnumerable<GenerationChunk> GenerateAsync(GenerationRequest request, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        await using var chunks = inner.GenerateAsync(request, cancellationToken).GetAsyncEnumerator(cancellationToken);
        while (true)
        {
            try
            {
                if (!await chunks.MoveNextAsync())
                {
                    break;
                }
            }
            catch (Exception error) when (error is not OperationCanceledException)
            {
                LastFailure = error.Message;
                throw;
            }

            if (chunks.Current.Completed is { } stats)
            {
                LastStats = stats;
                LastFailure = null;
            }

            yield return chunks.Current;
        }
    }

    public int CountTokens(string text) => inner.CountTokens(text);

    public ValueTask DisposeAsync() => inner.DisposeAsync();
}
