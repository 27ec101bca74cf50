using System.Text.Json;

namespace Glm.Lsp.Protocol;

/// <remarks>https://microsoft.github.io/language-server-protocol/specifications/lsp/3.18/specification/#workspace_configuration</remarks>
public sealed record ConfigurationParams(IReadOnlyList<ConfigurationItem> Items);

/// <remarks>https://microsoft.github.io/language-server-protocol/specifications/lsp/3.18/specification/#configurationItem</remarks>
public sealed record ConfigurationItem(string? Section = null, string? ScopeUri = null);

/// <summary>Settings pushed by the client: either the full settings object or just a signal to pull them again.</summary>
/// <remarks>https://microsoft.github.io/language-server-protocol/specifications/lsp/3.18/specification/#workspace_didChangeConfiguration</remarks>
public sealed record DidChangeConfigurationParams(JsonElement? Settings = null);
