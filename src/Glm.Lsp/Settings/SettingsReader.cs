using System.Text.Json;

namespace Glm.Lsp.Settings;

/// <summary>
/// Reads settings sent by a client. Clients nest them differently: VS Code sends <c>{"glm": {...}}</c> through
/// didChangeConfiguration, workspace/configuration with section "glm" answers the inner object, and initializationOptions
/// may be either. Both shapes are accepted. Unknown keys are ignored; a bad value keeps the previous one and is reported.
/// </summary>
public static class SettingsReader
{
    public static SettingsReadResult Apply(GlmSettings current, JsonElement? json)
    {
        if (json is not { ValueKind: JsonValueKind.Object } element)
        {
            return new SettingsReadResult(current, []);
        }

        if (element.TryGetProperty(SettingsCatalog.Section, out var nested) && nested.ValueKind == JsonValueKind.Object)
        {
            element = nested;
        }

        var problems = new List<string>();
        var settings = ApplyObject(current, element, prefix: "", problems);
        return new SettingsReadResult(settings, problems);
    }

    /// <summary>Dotted keys such as "remote.endpoint" arrive flat from some clients and nested
    /// (<c>{"remote": {"endpoint": …}}</c>) from VS Code's workspace/configuration; both are read.</summary>
    private static GlmSettings ApplyObject(GlmSettings settings, JsonElement element, string prefix, List<string> problems)
    {
        foreach (var property in element.EnumerateObject())
        {
            var key = prefix + property.Name;
            var declaration = SettingsCatalog.Find(key);
            if (declaration is null && property.Value.ValueKind == JsonValueKind.Object)
            {
                settings = ApplyObject(settings, property.Value, key + ".", problems);
                continue;
            }

            if (declaration is null || property.Value.ValueKind == JsonValueKind.Null)
            {
                continue;
            }

            try
            {
                settings = declaration.Apply(settings, property.Value);
            }
            catch (SettingValueException e)
            {
                problems.Add(e.Message);
            }
        }

        return settings;
    }
}

/// <summary>The settings after applying a client's values, and one readable message per rejected value.</summary>
public sealed record SettingsReadResult(GlmSettings Settings, IReadOnlyList<string> Problems);
