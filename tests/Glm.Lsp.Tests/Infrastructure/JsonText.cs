using System.Text.Encodings.Web;
using System.Text.Json;

namespace Glm.Lsp.Tests.Infrastructure;

/// <summary>
/// Received JSON rewritten compactly with Chinese and quotes unescaped, in the server's property order, so tests
/// can compare whole messages with readable literals (the server may send "\u98CE" for "风": both are the same JSON).
/// </summary>
public static class JsonText
{
    private static readonly JsonSerializerOptions Readable = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    public static string Of(JsonElement element) => JsonSerializer.Serialize(element, Readable);
}
