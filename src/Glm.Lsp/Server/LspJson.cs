using System.Text.Json;
using System.Text.Json.Serialization;

namespace Glm.Lsp.Server;

/// <summary>The one serializer configuration for every LSP payload: camelCase names as the spec writes them,
/// and absent optional members left out rather than sent as null (several clients reject explicit nulls).
/// Incoming payloads are held to the DTOs' declarations: a null where a member is not nullable, or a missing
/// constructor parameter without a default, is a JsonException (InvalidParams for the client) instead of a null
/// that would fail later, far from the message that caused it (found by the protocol fuzzer: a didOpen with
/// "text": null opened a document without text).</summary>
internal static class LspJson
{
    public static JsonSerializerOptions Options { get; } = new(JsonSerializerDefaults.Web)
    {
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        RespectNullableAnnotations = true,
        RespectRequiredConstructorParameters = true,
        Converters = { new LenientStringConverter() },
    };
}
