namespace Glm.Inference.Models;

/// <summary>How far a download is.</summary>
/// <param name="BytesDone">Bytes of the file on disk so far (including a resumed part).</param>
/// <param name="TotalBytes">File size, when the server tells it.</param>
/// <param name="ResumedFrom">Bytes already present from an earlier attempt when this transfer started.</param>
public sealed record DownloadProgress(long BytesDone, long? TotalBytes, long ResumedFrom);

/// <summary>The outcome of a pull.</summary>
/// <param name="Path">The verified file.</param>
/// <param name="Sha256">Its hash (lower-case hex).</param>
/// <param name="SizeBytes">Its size.</param>
/// <param name="AlreadyPresent">True when a verified copy was already there and nothing was transferred.</param>
/// <param name="Resumed">True when an earlier partial file was continued.</param>
public sealed record DownloadResult(string Path, string Sha256, long SizeBytes, bool AlreadyPresent, bool Resumed);

/// <summary>A pull failed; the message says why and what to do.</summary>
public sealed class ModelDownloadException : Exception
{
    public ModelDownloadException()
    {
    }

    public ModelDownloadException(string message)
        : base(message)
    {
    }

    public ModelDownloadException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
