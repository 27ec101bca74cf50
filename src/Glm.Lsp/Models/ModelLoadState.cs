namespace Glm.Lsp.Models;

/// <summary>Where the background model load stands; requests get empty results unless it is <see cref="Ready"/>.</summary>
public enum ModelLoadState
{
    NotConfigured,
    Loading,
    Ready,
    Failed,
}
