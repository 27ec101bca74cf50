using System.Text.Json.Nodes;

namespace Glm.Lsp.Settings;

/// <summary>
/// The declaration table as JSON in the shape of a VS Code <c>contributes.configuration.properties</c> object
/// (keys "glm.modelPath", …), so the extension's package.json can be compared with the server in a test.
/// </summary>
public static class SettingsSchema
{
    public static JsonObject Build()
    {
        var properties = new JsonObject();
        foreach (var declaration in SettingsCatalog.All)
        {
            var entry = new JsonObject
            {
                ["type"] = declaration.Keyword is null ? declaration.Type : new JsonArray(declaration.Type, "string"),
                ["default"] = declaration.Default.DeepClone(),
                ["description"] = declaration.Description,
            };
            if (declaration.Type == "array")
            {
                entry["items"] = new JsonObject { ["type"] = "string" };
            }

            if (declaration.EnumValues.Count > 0)
            {
                entry["enum"] = new JsonArray([.. declaration.EnumValues.Select(v => JsonValue.Create(v))]);
            }

            if (declaration.Keyword is { } keyword)
            {
                entry["pattern"] = $"^{keyword}$";
            }

            if (declaration.Minimum is { } minimum)
            {
                entry["minimum"] = declaration.Type == "integer" ? JsonValue.Create((int)minimum) : JsonValue.Create(minimum);
            }

            if (declaration.Scope is { } scope)
            {
                entry["scope"] = scope;
            }

            properties[$"{SettingsCatalog.Section}.{declaration.Key}"] = entry;
        }

        return new JsonObject { ["title"] = "GLM", ["properties"] = properties };
    }
}
