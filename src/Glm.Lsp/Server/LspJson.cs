using System.Text.Json;
using System.Text.Json.Serialization;

namespace Glm.Lsp.Server;

/// <summary>The one serializer configuration for every LSP payload: camelCase names as the spec writes them,
/// and absent optional members left out rather than sent as null (several clients reject explicit nulls).</summary>
internal static class LspJson
{
    public static JsonSerializerOptions Options { get; } = new(JsonSerializerDefaults.Web)
    {
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    };
}
