namespace Glm.Inference.Gguf;

/// <summary>GGUF's data alignment: the metadata key that overrides it and the value a file without that key uses.</summary>
public static class GgufAlignment
{
    /// <summary>The alignment GGUF assumes when a file has no general.alignment key.</summary>
    public const uint Default = 32;

    /// <summary>The metadata key holding a non-default alignment.</summary>
    public const string Key = "general.alignment";
}
