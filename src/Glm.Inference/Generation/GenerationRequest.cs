namespace Glm.Inference.Generation;

/// <summary>One unit of work for a generator.</summary>
/// <param name="Prompt">What to generate from.</param>
/// <param name="Options">Sampling and stop rules.</param>
public sealed record GenerationRequest(Prompt Prompt, GenerationOptions Options)
{
    /// <summary>Explicit user actions run before inline completions, which run before background work.</summary>
    public RequestPriority Priority { get; init; } = RequestPriority.UserAction;

    /// <summary>
    /// When set, a newer request with the same key (for example a document URI) cancels this one if it has not finished:
    /// a completion for an older version of a document is worthless.
    /// </summary>
    public string? SupersedeKey { get; init; }
}

/// <summary>Scheduling order; lower values run first.</summary>
public enum RequestPriority
{
    UserAction = 0,
    InlineCompletion = 1,
    Background = 2,
}
