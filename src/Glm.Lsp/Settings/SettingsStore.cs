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

    private ModelPathSource clientModelPathSource = ModelPathSource.None;

    /// <summary>Where <see cref="GlmSettings.ModelPath"/> of <see cref="Current"/> came from.</summary>
    public ModelPathSource ModelPathSource
    {
        get
        {
            lock (gate)
            {
                return clientSettings.ModelPath.Length > 0 ? clientModelPathSource
                    : string.IsNullOrEmpty(commandLineModelPath) ? ModelPathSource.None : ModelPathSource.CommandLine;
            }
        }
    }

    /// <summary>Raised after every <see cref="Apply"/>, outside the lock, for features that follow a setting live.</summary>
    public event Action? Applied;

    /// <summary>Applies a settings object from the client (full or partial) and returns the problems found in it.</summary>
    /// <param name="origin">Where the object came from: initializationOptions, or a setting pushed or pulled later.</param>
    public IReadOnlyList<string> Apply(JsonElement? json, ModelPathSource origin = ModelPathSource.Setting)
    {
        IReadOnlyList<string> problems;
        // Pushed and pulled settings can be applied by two handlers at once; each application must see the previous one.
        lock (gate)
        {
            var result = SettingsReader.Apply(clientSettings, json);
            if (result.Settings.ModelPath != clientSettings.ModelPath)
            {
                clientModelPathSource = origin;
            }

            clientSettings = result.Settings;
            Current = WithCommandLine(clientSettings, commandLineModelPath);
            problems = result.Problems;
        }

        Applied?.Invoke();
        return problems;
    }

    private static GlmSettings WithCommandLine(GlmSettings settings, string? modelPath) =>
        settings.ModelPath.Length == 0 && !string.IsNullOrEmpty(modelPath) ? settings with { ModelPath = modelPath } : settings;
}
