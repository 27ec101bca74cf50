using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;

namespace Glm.Hardening.Tests.Fuzzing;

/// <summary>
/// Turns operations into message bytes. JSON is written by hand, not by a serializer, so that lone surrogates reach
/// the server as the <c>\uD800</c> escapes a JavaScript client would send, and every non-ASCII character is escaped.
/// </summary>
internal static class FuzzRenderer
{
    public static string TrackedUri(int doc) => $"file:///fuzz/{doc}.md";

    private static string MutantUri(int doc) => $"file:///mutant/{doc}.md";

    /// <summary>The content bytes and, for a request, the id whose response must come back.</summary>
    public static (byte[] Content, long? ExpectedId) Render(FuzzOperation operation, Func<long> newId) => operation switch
    {
        GarbageOperation garbage => (garbage.Content, null),
        WrongTypeOperation wrong => RenderWrongType(wrong, newId),
        _ => Utf8(Message(operation, TrackedUri, newId, sanitize: false)),
    };

    private static (byte[], long?) Utf8((string Json, long? Id) message) => (Encoding.UTF8.GetBytes(message.Json), message.Id);

    private static (string Json, long? Id) Message(FuzzOperation operation, Func<int, string> uri, Func<long> newId, bool sanitize)
    {
        string Str(string text) => Json(sanitize ? DocumentModel.AsReceived(text) : text);
        switch (operation)
        {
            case OpenOperation open:
                return (Notification("textDocument/didOpen", $"{{\"textDocument\":{{\"uri\":{Json(uri(open.Doc))},\"languageId\":\"markdown\",\"version\":{open.Version},\"text\":{Str(open.Text)}}}}}"), null);
            case ChangeOperation change:
                var changes = string.Join(",", change.Changes.Select(c => c.Range is null
                    ? $"{{\"text\":{Str(c.Text)}}}"
                    : $"{{\"range\":{{\"start\":{{\"line\":{c.Range[0]},\"character\":{c.Range[1]}}},\"end\":{{\"line\":{c.Range[2]},\"character\":{c.Range[3]}}}}},\"text\":{Str(c.Text)}}}"));
                return (Notification("textDocument/didChange", $"{{\"textDocument\":{{\"uri\":{Json(uri(change.Doc))},\"version\":{change.Version}}},\"contentChanges\":[{changes}]}}"), null);
            case CloseOperation close:
                return (Notification("textDocument/didClose", $"{{\"textDocument\":{{\"uri\":{Json(uri(close.Doc))}}}}}"), null);
            case PositionRequestOperation request:
                var position = $"{{\"line\":{request.Line},\"character\":{request.Character}}}";
                var extra = request.Method switch
                {
                    "textDocument/inlineCompletion" => ",\"context\":{\"triggerKind\":1}",
                    "textDocument/codeAction" => $",\"range\":{{\"start\":{position},\"end\":{position}}},\"context\":{{\"diagnostics\":[]}}",
                    _ => string.Empty,
                };
                var id = newId();
                return (Request(id, request.Method, $"{{\"textDocument\":{{\"uri\":{Json(uri(request.Doc))}}},\"position\":{position}{extra}}}"), id);
            case UnknownMethodOperation unknown when unknown.IsRequest:
                var unknownId = newId();
                // Params that are neither an object nor an array are answered with InvalidRequest, the others with
                // MethodNotFound or the method's own answer: every request with an integer id gets one.
                return (Request(unknownId, unknown.Method, unknown.ParamsJson), unknownId);
            case UnknownMethodOperation unknown:
                return (Notification(unknown.Method, unknown.ParamsJson), null);
            default:
                throw new ArgumentOutOfRangeException(nameof(operation), operation, null);
        }
    }

    private static (byte[], long?) RenderWrongType(WrongTypeOperation wrong, Func<long> newId)
    {
        var (json, id) = Message(wrong.Inner, MutantUri, newId, sanitize: true);
        var message = JsonNode.Parse(json)!.AsObject();
        var members = new List<(JsonObject Parent, string Key)>();
        Collect(message["params"], members);
        if (members.Count > 0)
        {
            var (parent, key) = members[wrong.MemberChoice % members.Count];
            parent[key] = JsonNode.Parse(wrong.ReplacementJson);
        }

        return (Encoding.UTF8.GetBytes(message.ToJsonString()), id);
    }

    private static void Collect(JsonNode? node, List<(JsonObject, string)> members)
    {
        if (node is JsonObject obj)
        {
            foreach (var (key, value) in obj.ToList())
            {
                members.Add((obj, key));
                Collect(value, members);
            }
        }
        else if (node is JsonArray array)
        {
            foreach (var item in array)
            {
                Collect(item, members);
            }
        }
    }

    private static string Notification(string method, string parameters) => $"{{\"jsonrpc\":\"2.0\",\"method\":{Json(method)},\"params\":{parameters}}}";

    /// <summary>True when JSON-RPC allows <paramref name="paramsJson"/> as params: an object, an array or null.</summary>
    public static bool IsStructured(string paramsJson) => paramsJson.StartsWith('{') || paramsJson.StartsWith('[') || paramsJson == "null";

    private static string Request(long id, string method, string parameters) => $"{{\"jsonrpc\":\"2.0\",\"id\":{id},\"method\":{Json(method)},\"params\":{parameters}}}";

    /// <summary>A JSON string literal with every character outside printable ASCII escaped, lone surrogates included.</summary>
    public static string Json(string value)
    {
        var builder = new StringBuilder(value.Length + 2).Append('"');
        foreach (var c in value)
        {
            if (c is '"' or '\\')
            {
                builder.Append('\\').Append(c);
            }
            else if (c < 0x20 || c > 0x7E)
            {
                builder.Append("\\u").Append(((int)c).ToString("x4", CultureInfo.InvariantCulture));
            }
            else
            {
                builder.Append(c);
            }
        }

        return builder.Append('"').ToString();
    }
}
