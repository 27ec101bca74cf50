namespace Glm.Inference.Models;

/// <summary>Where a model file was found.</summary>
public enum ModelSource
{
    /// <summary>A folder from the settings or the command line.</summary>
    Configured,

    /// <summary>glm-lsp's own download cache.</summary>
    UserCache,

    /// <summary>Ollama's blob store (found through its manifests).</summary>
    Ollama,

    /// <summary>LM Studio's model folders.</summary>
    LmStudio,
}
