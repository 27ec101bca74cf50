namespace Glm.Lsp.Protocol;

/// <remarks>https://microsoft.github.io/language-server-protocol/specifications/lsp/3.18/specification/#initializeResult</remarks>
public sealed record InitializeResult(ServerCapabilities Capabilities, ServerInfo ServerInfo);

/// <remarks>https://microsoft.github.io/language-server-protocol/specifications/lsp/3.18/specification/#initializeResult</remarks>
public sealed record ServerInfo(string Name, string? Version = null);
