using System.Text.Json;
using StreamJsonRpc;

namespace Glm.Lsp.Tests.Infrastructure;

/// <summary>The editor side of an in-process session: records every message the server sends, in order, as raw JSON.</summary>
public sealed class RecordingClient
{
    private readonly Lock gate = new();
    private readonly List<(string Method, string Params)> messages = [];
    private TaskCompletionSource arrived = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>What workspace/configuration answers for section "glm".</summary>
    public string ConfigurationAnswer { get; set; } = "{}";

    public IReadOnlyList<(string Method, string Params)> Messages
    {
        get
        {
            lock (gate)
            {
                return [.. messages];
            }
        }
    }

    [JsonRpcMethod("window/showMessage", UseSingleObjectParameterDeserialization = true)]
    public void ShowMessage(JsonElement parameters) => Record("window/showMessage", parameters);

    [JsonRpcMethod("$/progress", UseSingleObjectParameterDeserialization = true)]
    public void Progress(JsonElement parameters) => Record("$/progress", parameters);

    [JsonRpcMethod("glm/status", UseSingleObjectParameterDeserialization = true)]
    public void Status(JsonElement parameters) => Record("glm/status", parameters);

    /// <summary>Sent only by a server started with request statistics (DiagnosticSwitches.RequestStats).</summary>
    [JsonRpcMethod("glm/requestStats", UseSingleObjectParameterDeserialization = true)]
    public void RequestStats(JsonElement parameters) => Record("glm/requestStats", parameters);

    /// <summary>False makes the client never answer window/workDoneProgress/create, as a broken editor might.</summary>
    public bool AnswersProgressCreate { get; set; } = true;

    [JsonRpcMethod("window/workDoneProgress/create", UseSingleObjectParameterDeserialization = true)]
    public async Task<object?> CreateProgress(JsonElement parameters)
    {
        Record("window/workDoneProgress/create", parameters);
        if (!AnswersProgressCreate)
        {
            await Task.Delay(Timeout.Infinite);
        }

        return null;
    }

    [JsonRpcMethod("workspace/configuration", UseSingleObjectParameterDeserialization = true)]
    public JsonElement[] Configuration(JsonElement parameters)
    {
        Record("workspace/configuration", parameters);
        return [JsonDocument.Parse(ConfigurationAnswer).RootElement.Clone()];
    }

    /// <summary>What workspace/applyEdit answers.</summary>
    public string ApplyEditAnswer { get; set; } = """{"applied":true}""";

    [JsonRpcMethod("workspace/applyEdit", UseSingleObjectParameterDeserialization = true)]
    public JsonElement ApplyEdit(JsonElement parameters)
    {
        Record("workspace/applyEdit", parameters);
        return JsonDocument.Parse(ApplyEditAnswer).RootElement.Clone();
    }

    /// <summary>Waits until a message satisfies <paramref name="predicate"/>; fails the test after 10 seconds.</summary>
    public async Task<(string Method, string Params)> WaitForAsync(Func<(string Method, string Params), bool> predicate)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(10);
        while (true)
        {
            Task next;
            lock (gate)
            {
                next = arrived.Task;
            }

            var found = Messages.FirstOrDefault(predicate);
            if (found.Method is not null)
            {
                return found;
            }

            var left = deadline - DateTime.UtcNow;
            if (left <= TimeSpan.Zero || await Task.WhenAny(next, Task.Delay(left)) != next)
            {
                Assert.Fail("Timed out; messages so far:\n" + string.Join("\n", Messages.Select(m => $"{m.Method} {m.Params}")));
            }
        }
    }

    private void Record(string method, JsonElement parameters)
    {
        lock (gate)
        {
            messages.Add((method, JsonText.Of(parameters)));
            var previous = arrived;
            arrived = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            previous.SetResult();
        }
    }
}
