using System.Text.Json;

namespace Glm.Lsp.Client;

/// <summary>The few client capabilities the server acts on, read from the raw initialize capabilities.</summary>
/// <remarks>https://microsoft.github.io/language-server-protocol/specifications/lsp/3.18/specification/#clientCapabilities</remarks>
public sealed record ClientCapabilities(bool WorkDoneProgress, bool WorkspaceConfiguration, bool InlineCompletion)
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
                InlineCompletion: Exists(root, "textDocument", "inlineCompletion"))
            {
                WorkspaceEditDocumentChanges = root.TryGetProperty("workspace", out var workspace)
                    && workspace.ValueKind == JsonValueKind.Object
                    && IsTrue(workspace, "workspaceEdit", "documentChanges"),
            };

    private static bool IsTrue(JsonElement root, string section, string name) =>
        root.TryGetProperty(section, out var s) && s.ValueKind == JsonValueKind.Object
        && s.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.True;

    private static bool Exists(JsonElement root, string section, string name) =>
        root.TryGetProperty(section, out var s) && s.ValueKind == JsonValueKind.Object
        && s.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.Object;
}
