using Glm.Inference.Generation;

namespace Glm.Lsp.Models;

/// <summary>A remote generator whose first contact with the server failed. It works as usual (the server may come up
/// later); the failure is shown by the model status until a generation succeeds.</summary>
public sealed class ProbedGenerator(ITextGenerator inner, string connectionProblem) : ITextGenerator
{
    public string ConnectionProblem { get; } = connectionProblem;

    public ModelDescription Model => inner.Model;

    public IAsyncEnumerable<GenerationChunk> GenerateAsync(GenerationRequest request, CancellationToken cancellationToken = default) =>
        inner.GenerateAsync(request, cancellationToken);

    public int CountTokens(string text) => inner.CountTokens(text);

    public Task<PrefillResult> PrefillAsync(GenerationRequest request, CancellationToken cancellationToken = default) => inner.PrefillAsync(request, cancellationToken);

    public MeasuredSpeeds? Speeds => inner.Speeds;

    public ValueTask DisposeAsync() => inner.DisposeAsync();
}
