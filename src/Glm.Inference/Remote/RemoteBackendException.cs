namespace Glm.Inference.Remote;

/// <summary>The only exception (besides <see cref="OperationCanceledException"/>) that leaves a remote generation stream.</summary>
public sealed class RemoteBackendException : Exception
{
    public RemoteBackendException(RemoteErrorKind kind, string message, Exception? innerException = null)
        : base(message, innerException)
    {
        Kind = kind;
    }

    public RemoteBackendException()
        : this(RemoteErrorKind.Network, "The remote backend failed.")
    {
    }

    public RemoteBackendException(string message)
        : this(RemoteErrorKind.Network, message)
    {
    }

    public RemoteBackendException(string message, Exception innerException)
        : this(RemoteErrorKind.Network, message, innerException)
    {
    }

    public RemoteErrorKind Kind { get; }

    /// <summary>HTTP status of the failed response, when there was one.</summary>
    public int? StatusCode { get; init; }

    /// <summary>How long the server asked us to wait (429/503 Retry-After).</summary>
    public TimeSpan? RetryAfter { get; init; }

    /// <summary>Models the server lists, filled for <see cref="RemoteErrorKind.ModelNotFound"/>.</summary>
    public IReadOnlyList<string> AvailableModels { get; init; } = [];

    /// <summary>True for failures worth retrying before the first token: 408, 429, 500, 502, 503, 504 and timeouts.</summary>
    public bool IsTransient { get; init; }
}
