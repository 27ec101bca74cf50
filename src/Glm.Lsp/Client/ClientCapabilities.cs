using System.Text.Json;

namespace Glm.Lsp.Client;

/// <summary>The few client capabilities the server acts on, read from the raw initialize capabilities.</summary>
/// <param name="HoverMarkdown">False only when the client lists hover content formats and markdown is not one of them.</param>
/// <param name="CodeActionResolvesEdit">The client resolves a code action's edit (codeAction.resolveSupport lists "edit").</param>
/// <param name="ApplyEdit">The client applies edits the server sends with workspace/applyEdit.</param>
/// <remarks>https://microsoft.github.io/language-server-protocol/specifications/lsp/3.18/specification/#clientCapabilities</remarks>
public sealed record ClientCapabilities(
    bool WorkDoneProgress,
    bool WorkspaceConfiguration,
    bool InlineCompletion,
    bool HoverMarkdown = true,
    bool CodeActionResolvesEdit = false,
    bool ApplyEdit = false)
{
    public static ClientCapabilities None { get; } = new(false, false, false);

    /// <summary><c>workspace.workspaceEdit.documentChanges</c>: the client takes versioned edits.</summary>
    public bool WorkspaceEditDocumentChanges { get; init; }

    public static ClientCapabilities From(JsonElement? capabilities) =>
        capabilities is not { ValueKind: JsonValueKind.Object } root
            ? None
            : new ClientCapabilities(
                WorkDoneProgress: IsTrue(root, "window", "workDoneProgress"),
                WorkspaceConfiguration: IsTrue(root, "workspace", "configuration"),
                InlineCompletion: Exists(root, "textDocument", "inlineCompletion"),
                HoverMarkdown: Strings(root, "textDocument", "hover", "contentFormat") is not { } formats || formats.Contains("markdown"),
                CodeActionResolvesEdit: Strings(root, "textDocument", "codeAction", "resolveSupport", "properties")?.Contains("edit") == true,
                ApplyEdit: IsTrue(root, "workspace", "applyEdit"))
            {
                WorkspaceEditDocumentChanges = At(root, "workspace", "workspaceEdit", "documentChanges") is { ValueKind: JsonValueKind.True },
            };

    private static bool IsTrue(JsonElement root, string section, string name) =>
        root.TryGetProperty(section, out var s) && s.ValueKind == JsonValueKind.Object
        && s.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.True;

    private static bool Exists(JsonElement root, string section, string name) =>
        root.TryGetProperty(section, out var s) && s.ValueKind == JsonValueKind.Object
        && s.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.Object;

    /// <summary>The strings of the array at <paramref name="path"/>, or null when there is no array there.</summary>
    private static List<string>? Strings(JsonElement root, params string[] path) =>
        At(root, path) is { ValueKind: JsonValueKind.Array } node
            ? [.. node.EnumerateArray().Where(e => e.ValueKind == JsonValueKind.String).Select(e => e.GetString()!)]
            : null;

    /// <summary>The value at <paramref name="path"/> of nested objects, or null when a step is missing.</summary>
    private static JsonElement? At(JsonElement root, params string[] path)
    {
        var node = root;
        foreach (var name in path)
        {
            if (node.ValueKind != JsonValueKind.Object || !node.TryGetProperty(name, out node))
            {
                return null;
            }
        }

        return node;
    }
}
