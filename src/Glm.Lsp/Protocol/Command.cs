using System.Text.Json;
using System.Text.Json.Serialization;

namespace Glm.Lsp.Protocol;

/// <summary>A command the client runs with workspace/executeCommand; <see cref="Name"/> is the spec's "command".</summary>
/// <remarks>https://microsoft.github.io/language-server-protocol/specifications/lsp/3.18/specification/#command</remarks>
public sealed record Command(string Title, [property: JsonPropertyName("command")] string Name, IReadOnlyList<JsonElement>? Arguments = null);
