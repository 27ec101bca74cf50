namespace Glm.Inference.Models;

/// <summary>The well-known folders that hold GGUF models on this machine.</summary>
/// <param name="UserCache">glm-lsp's cache: <c>$XDG_CACHE_HOME/glm-lsp/models</c> or <c>~/.cache/glm-lsp/models</c>.</param>
/// <param name="OllamaModels">Ollama's store: <c>$OLLAMA_MODELS</c> or <c>~/.ollama/models</c>.</param>
/// <param name="LmStudioFolders">LM Studio: <c>~/.lmstudio/models</c> and the older <c>~/.cache/lm-studio/models</c>.</param>
public sealed record ModelStoreLocations(string UserCache, string OllamaModels, IReadOnlyList<string> LmStudioFolders)
{
    /// <summary>Reads HOME, XDG_CACHE_HOME and OLLAMA_MODELS through <paramref name="environment"/> (the process environment when null).</summary>
    public static ModelStoreLocations FromEnvironment(Func<string, string?>? environment = null)
    {
        environment ??= Environment.GetEnvironmentVariable;
        var home = NonEmpty(environment("HOME")) ?? NonEmpty(environment("USERPROFILE")) ?? Environment.GetFolderPath(Environment.SpecialFolder.UserProfile);
        var cacheRoot = NonEmpty(environment("XDG_CACHE_HOME")) ?? Path.Combine(home, ".cache");
        return new ModelStoreLocations(
            Path.Combine(cacheRoot, "glm-lsp", "models"),
            NonEmpty(environment("OLLAMA_MODELS")) ?? Path.Combine(home, ".ollama", "models"),
            [Path.Combine(home, ".lmstudio", "models"), Path.Combine(home, ".cache", "lm-studio", "models")]);
    }

    private static string? NonEmpty(string? value) => string.IsNullOrWhiteSpace(value) ? null : value;
}
