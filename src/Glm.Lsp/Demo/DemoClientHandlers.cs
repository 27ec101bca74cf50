using System.Text.Json;
using StreamJsonRpc;

namespace Glm.Lsp.Demo;

/// <summary>What the demo, as an editor, answers and prints when the server talks to it.</summary>
internal sealed class DemoClientHandlers(TextWriter output)
{
    private int lastTextLength;

    [JsonRpcMethod("window/showMessage", UseSingleObjectParameterDeserialization = true)]
    public void ShowMessage(JsonElement parameters) => output.WriteLine($"[server message] {parameters.GetProperty("message").GetString()}");

    [JsonRpcMethod("window/workDoneProgress/create", UseSingleObjectParameterDeserialization = true)]
    [System.Diagnostics.CodeAnalysis.SuppressMessage("Performance", "CA1822", Justification = "RPC targets are registered as instances.")]
    public object? CreateProgress(JsonElement parameters)
    {
        _ = parameters;
        return null;
    }

    /// <summary>Load percentages are printed as they come; streamed rewrite text is printed as it grows.</summary>
    [JsonRpcMethod("$/progress", UseSingleObjectParameterDeserialization = true)]
    public void Progress(JsonElement parameters)
    {
        var value = parameters.GetProperty("value");
        if (value.TryGetProperty("percentage", out var percentage))
        {
            output.WriteLine($"[loading] {percentage.GetInt32()}%");
        }
        else if (value.TryGetProperty("text", out var text))
        {
            var full = text.GetString() ?? "";
            output.Write(full.Length >= lastTextLength ? full[lastTextLength..] : "\n" + full);
            output.Flush();
            lastTextLength = full.Length;
        }
    }
}
