namespace Glm.Inference.Gguf;

/// <summary>
/// A GGUF file that llama.cpp would refuse (or misread), with a message that names the file, the key
/// or tensor at fault and what was expected. llama.cpp itself only reports a generic load failure,
/// so every model passes through <see cref="GgufModelValidator"/> before native code sees it.
/// </summary>
public sealed class GgufValidationException : Exception
{
    /// <summary>Creates the exception; <paramref name="message"/> is the complete sentence shown to users.</summary>
    public GgufValidationException(string filePath, string? subject, string message, Exception? innerException = null)
        : base(message, innerException)
    {
        FilePath = filePath;
        Subject = subject;
    }

    /// <summary>The full path of the file that failed.</summary>
    public string FilePath { get; }

    /// <summary>The metadata key or tensor name at fault; null when the defect is the file as a whole.</summary>
    public string? Subject { get; }
}
