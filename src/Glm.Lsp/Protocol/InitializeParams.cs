using System.Text.Json;

namespace Glm.Lsp.Protocol;

/// <summary>The parts of the initialize request the server reads; capabilities stay raw JSON and are queried by path.
/// <c>rootUri</c> (deprecated) names the workspace only for clients that send no <c>workspaceFolders</c>.</summary>
/// <remarks>https://microsoft.github.io/language-server-protocol/specifications/lsp/3.18/specification/#initializeParams</remarks>
public sealed record InitializeParams(
    int? ProcessId = null,
    ClientInfo? ClientInfo = null,
    JsonElement? Capabilities = null,
    JsonElement? InitializationOptions = null,
    IReadOnlyList<WorkspaceFolder>? WorkspaceFolders = null,
    string? RootUri = null);

/// <remarks>https://microsoft.github.io/language-server-protocol/specifications/lsp/3.18/specification/#initializeParams</remarks>
public sealed record ClientInfo(string Name, string? Version = null);
