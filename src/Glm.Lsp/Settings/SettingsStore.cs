using System.Text.Json;

namespace Glm.Lsp.Settings;

/// <summary>
/// The current settings. Client values are layered on the declared defaults; a model path given on the command line
/// (<c>--model</c>) is used whenever the client leaves glm.modelPath empty, because an editor extension usually sends
/// its own empty default while the user wrote the path into the server command.
/// </summary>
public sealed class SettingsStore(string? commandLineModelPath)
{
    private readonly Lock gate = new();
    private GlmSettings clientSettings = SettingsCatalog.Defaults;

    public GlmSettings Current { get; private set; } = WithCommandLine(SettingsCatalog.Defaults, commandLineModelPath);

    /// <summary>Applies a settings object from the client (full or partial) and returns the problems found in it.</summary>
    public IReadOnlyList<string> Apply(JsonElement? json)
    {
        // Pushed and pulled settings can be applied by two handlers at once; each application must see the previous one.
        lock (gate)
        {
            var result = SettingsReader.Apply(clientSettings, json);
            clientSettings = result.Settings;
            Current = WithCommandLine(clientSettings, commandLineModelPath);
            return result.Problems;
        }
    }

    private static GlmSettings WithCommandLine(GlmSettings settings, string? modelPath) =>
        settings.ModelPath.Length == 0 && !string.IsNullOrEmpty(modelPath) ? settings with { ModelPath = modelPath } : settings;
}
