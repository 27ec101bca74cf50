namespace Glm.Inference.Generation;

/// <summary>One unit of work for a generator.</summary>
/// <param name="Prompt">What to generate from.</param>
/// <param name="Options">Sampling and stop rules.</param>
public sealed record GenerationRequest(Prompt Prompt, GenerationOptions Options)
{
    /// <summary>Explicit user actions run before inline completions, which run before background work and prefills.</summary>
    public RequestPriority Priority { get; init; } = RequestPriority.UserAction;

    /// <summary>
    /// When set, a newer request with the same key (for example a document URI) cancels this one if it has not finished:
    /// a completion for an older version of a document is worthless.
    /// </summary>
    public string? SupersedeKey { get; init; }

    /// <summary>
    /// Among requests with the same <see cref="SupersedeKey"/>, the version of what this one was made for (a document
    /// version). A request never supersedes one made for a newer version: it is itself superseded at once. Requests
    /// reach a generator in the order their callers got there, which under load need not be the order the editor sent
    /// them in; the version is the editor's order.
    /// </summary>
    public long SupersedeVersion { get; init; }
}

/// <summary>Scheduling order; lower values run first.</summary>
public enum RequestPriority
{
    UserAction = 0,
    InlineCompletion = 1,
    Background = 2,

    /// <summary>The engine's background prefill (<see cref="ITextGenerator.PrefillAsync"/>): after every request, and
    /// stopped by any request that arrives while it runs.</summary>
    Prefill = 3,
}
