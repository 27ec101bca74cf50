using Glm.Inference.Gguf;

namespace Glm.Inference.Models;

/// <summary>The header facts of a model listing, read with <see cref="GgufReader"/> (metadata and tensor table only, no weights).</summary>
public static class GgufHeaderProbe
{
    /// <exception cref="GgufValidationException">The file is not a GGUF file or its header is damaged.</exception>
    public static GgufSummary Read(string path)
    {
        var file = GgufReader.Read(path);
        var architecture = file.Architecture
            ?? throw new GgufValidationException(file.FilePath, "general.architecture", "the header has no general.architecture");
        return new GgufSummary(
            architecture,
            file.TryGetString("general.name", out var name) ? name : null,
            file.TryGetUInt32("general.file_type", out var fileType) ? GgufFileTypes.Name(fileType) : null,
            file.TryGetUInt32($"{architecture}.context_length", out var context) ? context : null);
    }
}
