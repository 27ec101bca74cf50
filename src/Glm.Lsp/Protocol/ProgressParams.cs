using System.Text.Json;
using System.Text.Json.Serialization;

namespace Glm.Lsp.Protocol;

/// <summary>A progress token is an integer or a string; it is kept as raw JSON so it goes back exactly as it came.</summary>
/// <remarks>https://microsoft.github.io/language-server-protocol/specifications/lsp/3.18/specification/#progress</remarks>
public sealed record ProgressParams(JsonElement Token, object Value);

/// <remarks>https://microsoft.github.io/language-server-protocol/specifications/lsp/3.18/specification/#window_workDoneProgress_create</remarks>
public sealed record WorkDoneProgressCreateParams(JsonElement Token);

/// <remarks>https://microsoft.github.io/language-server-protocol/specifications/lsp/3.18/specification/#workDoneProgressBegin</remarks>
public sealed record WorkDoneProgressBegin(string Title, string? Message = null, int? Percentage = null, bool Cancellable = false)
{
    [JsonPropertyOrder(-1)]
    public string Kind { get; } = "begin";
}

/// <remarks>https://microsoft.github.io/language-server-protocol/specifications/lsp/3.18/specification/#workDoneProgressReport</remarks>
public sealed record WorkDoneProgressReport(string? Message = null, int? Percentage = null)
{
    [JsonPropertyOrder(-1)]
    public string Kind { get; } = "report";
}

/// <remarks>https://microsoft.github.io/language-server-protocol/specifications/lsp/3.18/specification/#workDoneProgressEnd</remarks>
public sealed record WorkDoneProgressEnd(string? Message = null)
{
    [JsonPropertyOrder(-1)]
    public string Kind { get; } = "end";
}
