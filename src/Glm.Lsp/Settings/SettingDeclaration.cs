using System.Text.Json;
using System.Text.Json.Nodes;

namespace Glm.Lsp.Settings;

/// <summary>
/// One setting: its key (camelCase, the same in initializationOptions, didChangeConfiguration, workspace/configuration
/// and the VS Code extension, where it is prefixed with "glm."), JSON type, default, description, allowed values,
/// and how a JSON value is applied to <see cref="GlmSettings"/>.
/// </summary>
public sealed record SettingDeclaration(
    string Key,
    string Type,
    JsonNode Default,
    string Description,
    Func<GlmSettings, JsonElement, GlmSettings> Apply)
{
    /// <summary>Allowed values for string settings with a fixed set; empty when any value is accepted.</summary>
    public IReadOnlyList<string> EnumValues { get; init; } = [];

    /// <summary>A word accepted instead of a number (gpuLayers' "auto"); the schema then allows a string matching it.</summary>
    public string? Keyword { get; init; }

    /// <summary>Smallest allowed value of a number setting.</summary>
    public double? Minimum { get; init; }

    /// <summary>VS Code's configuration scope; "application" keeps a setting out of workspace and folder settings,
    /// so a cloned repository cannot choose where text and the API key go. Null: VS Code's default (window).</summary>
    public string? Scope { get; init; }
}
