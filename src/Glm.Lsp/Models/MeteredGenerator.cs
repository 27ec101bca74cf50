using System.Runtime.CompilerServices;
using Glm.Inference.Generation;

namespace Glm.Lsp.Models;

/// <summary>Passes everything to the loaded generator, remembers the speed of the last finished generation and the
/// last failure (a remote server that went away), which the model status reports, and says when generations start and stop
/// (for the glm/status notification's spinner).</summary>
public sealed class MeteredGenerator(ITextGenerator inner, Action<MeteredGenerator, bool>? activityChanged = null) : ITextGenerator
{
    private int running;

    public ModelDescription Model => inner.Model;

    /// <summary>The generator it measures (the engine, for its own statistics).</summary>
    public ITextGenerator Inner => inner;

    public GenerationStats? LastStats { get; private set; }

    /// <summary>The message of the last failed generation; null after a success. Cancellation is not a failure.</summary>
    public string? LastFailure { get; private set; } = (inner as ProbedGenerator)?.ConnectionProblem;

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
        finally
        {
            if (Interlocked.Decrement(ref running) == 0)
            {
                activityChanged?.Invoke(this, false);
            }
        }
    }

    public int CountTokens(string text) => inner.CountTokens(text);

    public Task<PrefillResult> PrefillAsync(GenerationRequest request, CancellationToken cancellationToken = default) => inner.PrefillAsync(request, cancellationToken);

    public MeasuredSpeeds? Speeds => inner.Speeds;

    public ValueTask DisposeAsync() => inner.DisposeAsync();
}
