namespace Glm.Inference.Generation;

/// <summary>
/// The one interface every backend implements (the local llama.cpp engine, later a remote OpenAI-compatible engine).
/// Callers see plain records and a stream of chunks; nothing here knows about editors or protocols.
/// </summary>
public interface ITextGenerator : IAsyncDisposable
{
    /// <summary>What is loaded: name, profile, capabilities.</summary>
    ModelDescription Model { get; }

    /// <summary>
    /// Streams the generation for <paramref name="request"/> as it is made. The last chunk carries
    /// <see cref="GenerationChunk.Completed"/>. Cancelling <paramref name="cancellationToken"/> stops the work within one
    /// decode step and the enumeration throws <see cref="OperationCanceledException"/>; a request superseded by a newer
    /// one with the same <see cref="GenerationRequest.SupersedeKey"/> throws <see cref="GenerationSupersededException"/>.
    /// </summary>
    IAsyncEnumerable<GenerationChunk> GenerateAsync(GenerationRequest request, CancellationToken cancellationToken = default);

    /// <summary>Counts tokens of content (document text, selections) as the model reads it, as plain text with no control
    /// token parsed, for prompt budgets, without touching the native context.</summary>
    int CountTokens(string text);

    /// <summary>
    /// Evaluates the prompt of <paramref name="request"/> into the cache at the lowest priority, formatted, cut to its
    /// budget and placed in the slot exactly as that request would be, so that a later request whose prompt starts the
    /// same way finds that part evaluated; nothing is generated. Any other request preempts it, and a newer prefill
    /// replaces it: both end it with <see cref="PrefillResult.Preempted"/> set, not an exception, and what was evaluated
    /// stays cached. Cancelling <paramref name="cancellationToken"/> throws <see cref="OperationCanceledException"/>.
    /// Generators without a local cache do nothing.
    /// </summary>
    Task<PrefillResult> PrefillAsync(GenerationRequest request, CancellationToken cancellationToken = default) => Task.FromResult(PrefillResult.Unsupported);

    /// <summary>Prompt and generation speeds measured on this machine; null before the first measurement and for
    /// generators whose speed is not theirs to measure (a remote server).</summary>
    MeasuredSpeeds? Speeds => null;
}
