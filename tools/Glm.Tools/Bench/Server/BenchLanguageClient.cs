using System.Diagnostics;
using System.Text.Json.Nodes;
using System.Text.Json;
using Glm.Lsp.Protocol;
using Glm.Lsp.Server;
using StreamJsonRpc;

namespace Glm.Tools.Bench.Server;

/// <summary>
/// The editor side of the server-path benchmarks: starts the real <c>glm-lsp --stdio</c> as a child process and talks
/// LSP to it over its stdin/stdout, as VS Code does. The server runs with the <c>request-stats</c> diagnostic switch, so
/// every inline completion is followed by a <c>glm/requestStats</c> notification, which this client collects.
/// </summary>
internal sealed class BenchLanguageClient : IAsyncDisposable
{
    private const int KeptLogLines = 2000;
    private readonly Process process;
    private readonly JsonRpc rpc;
    private readonly Task stderrPump;
    private readonly Lock gate = new();
    private readonly List<RequestStatsParams> stats = [];
    private readonly List<string> logLines = [];
    private TaskCompletionSource statsArrived = new(TaskCreationOptions.RunContinuationsAsynchronously);

    private BenchLanguageClient(Process process)
    {
        this.process = process;
        var formatter = new SystemTextJsonFormatter { JsonSerializerOptions = LspJson.Options };
        rpc = new JsonRpc(new HeaderDelimitedMessageHandler(process.StandardInput.BaseStream, process.StandardOutput.BaseStream, formatter));
        rpc.AddLocalRpcTarget(new Callbacks(this));
        rpc.StartListening();
        stderrPump = PumpStderrAsync();
    }

    public int ProcessId => process.Id;

    /// <summary>Every glm/requestStats received so far, in arrival order.</summary>
    public IReadOnlyList<RequestStatsParams> Stats
    {
        get
        {
            lock (gate)
            {
                return [.. stats];
            }
        }
    }

    /// <summary>The last lines the server wrote to stderr (its log).</summary>
    public IReadOnlyList<string> LogLines
    {
        get
        {
            lock (gate)
            {
                return [.. logLines];
            }
        }
    }

    /// <summary>Starts the server, initializes it with <paramref name="settings"/> as initializationOptions and waits for the model.</summary>
    public static async Task<BenchLanguageClient> StartAsync(
        BenchContext context, bool promptReuse, JsonObject settings, CancellationToken cancellationToken)
    {
        var serverExecutable = context.ServerExecutable;
        var modelPath = context.ModelPath;
        var start = ServerLocation.StartInfo(serverExecutable);
        var switches = new Glm.Lsp.Server.DiagnosticSwitches(PromptReuse: promptReuse, RequestStats: true, InferenceCpu: context.MeasureCpu);
        start.Environment[Glm.Lsp.Server.DiagnosticSwitches.EnvironmentVariable] = switches.ToEnvironmentValue();

        foreach (var argument in new[] { "--stdio", "--model", modelPath })
        {
            start.ArgumentList.Add(argument);
        }

        var process = Process.Start(start) ?? throw new InvalidOperationException($"could not start {serverExecutable}");
        var client = new BenchLanguageClient(process);
        try
        {
            await client.rpc.InvokeWithParameterObjectAsync<JsonElement>("initialize", new
            {
                processId = Environment.ProcessId,
                clientInfo = new { name = "glm-tools bench" },
                capabilities = new { textDocument = new { inlineCompletion = new { } } },
                initializationOptions = settings,
            }, cancellationToken);
            await client.rpc.NotifyWithParameterObjectAsync("initialized", new { });
            await client.WaitForModelAsync(cancellationToken);
            return client;
        }
        catch
        {
            await client.DisposeAsync();
            throw;
        }
    }

    public Task OpenAsync(string uri, string text) =>
        rpc.NotifyWithParameterObjectAsync("textDocument/didOpen", new { textDocument = new { uri, languageId = "markdown", version = 1, text } });

    /// <summary>Sends one incremental change: <paramref name="text"/> replaces the range from start to end.</summary>
    public Task ChangeAsync(string uri, int version, Position start, Position end, string text) =>
        rpc.NotifyWithParameterObjectAsync("textDocument/didChange", new
        {
            textDocument = new { uri, version },
            contentChanges = new[] { new { range = new { start, end }, text } },
        });

    /// <summary>Pushes settings (the client has no workspace/configuration, so the server uses these).</summary>
    public Task ChangeSettingsAsync(JsonObject settings) =>
        rpc.NotifyWithParameterObjectAsync("workspace/didChangeConfiguration", new { settings = new JsonObject { ["glm"] = settings.DeepClone() } });

    /// <summary>
    /// textDocument/inlineCompletion. Cancelling <paramref name="cancellationToken"/> sends $/cancelRequest; the call then
    /// throws OperationCanceledException once the server answered RequestCancelled.
    /// </summary>
    public async Task<IReadOnlyList<string>> InlineCompletionAsync(string uri, Position position, bool invoked, CancellationToken cancellationToken)
    {
        var result = await rpc.InvokeWithParameterObjectAsync<InlineCompletionList>("textDocument/inlineCompletion", new
        {
            textDocument = new { uri },
            position,
            context = new { triggerKind = invoked ? 1 : 2 },
        }, cancellationToken);
        return [.. result.Items.Select(i => i.InsertText)];
    }

    /// <summary>Waits until at least <paramref name="count"/> glm/requestStats notifications have arrived.</summary>
    public async Task WaitForStatsAsync(int count, CancellationToken cancellationToken)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(TimeSpan.FromMinutes(2));
        while (true)
        {
            Task next;
            lock (gate)
            {
                if (stats.Count >= count)
                {
                    return;
                }

                next = statsArrived.Task;
            }

            await next.WaitAsync(timeout.Token);
        }
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            if (!process.HasExited)
            {
                using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(20));
                await rpc.InvokeWithCancellationAsync<object?>("shutdown", [], timeout.Token);
                await rpc.NotifyAsync("exit");
                await process.WaitForExitAsync(timeout.Token);
            }
        }
        catch (Exception e) when (e is OperationCanceledException or ConnectionLostException or RemoteInvocationException or ObjectDisposedException)
        {
            // A server that does not shut down in time is killed: the benchmark must not leave it running.
            if (!process.HasExited)
            {
                process.Kill(entireProcessTree: true);
            }
        }
        finally
        {
            rpc.Dispose();
            await stderrPump.WaitAsync(TimeSpan.FromSeconds(5)).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
            process.Dispose();
        }
    }

    /// <summary>The state glm/getStatus reports now ("ready", "generating", …).</summary>
    public async Task<string?> GetStateAsync(CancellationToken cancellationToken)
    {
        var status = await rpc.InvokeWithCancellationAsync<JsonElement>("glm/getStatus", [], cancellationToken);
        return status.GetProperty("state").GetString();
    }

    private async Task WaitForModelAsync(CancellationToken cancellationToken)
    {
        var deadline = Stopwatch.StartNew();
        while (true)
        {
            var status = await rpc.InvokeWithCancellationAsync<JsonElement>("glm/getStatus", [], cancellationToken);
            var state = status.GetProperty("state").GetString();
            if (state is "ready" or "generating")
            {
                return;
            }

            if (state is "error" or "idle" || deadline.Elapsed > TimeSpan.FromMinutes(10))
            {
                var error = status.TryGetProperty("message", out var e) ? e.GetString() : "timed out";
                throw new InvalidOperationException($"The server's model did not load ({state}): {error}");
            }

            await Task.Delay(50, cancellationToken);
        }
    }

    /// <summary>The server's log is kept (the memory section reads llama.cpp's buffer sizes from it) and its pipe drained.</summary>
    private async Task PumpStderrAsync()
    {
        while (await process.StandardError.ReadLineAsync() is { } line)
        {
            lock (gate)
            {
                if (logLines.Count == KeptLogLines)
                {
                    logLines.RemoveAt(0);
                }

                logLines.Add(line);
            }
        }
    }

    private void Received(RequestStatsParams parameters)
    {
        lock (gate)
        {
            stats.Add(parameters);
            var previous = statsArrived;
            statsArrived = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            previous.SetResult();
        }
    }

    /// <summary>What the server may send to the editor.</summary>
    private sealed class Callbacks(BenchLanguageClient owner)
    {
        [JsonRpcMethod(ServerCommands.RequestStatsNotification, UseSingleObjectParameterDeserialization = true)]
        public void RequestStats(RequestStatsParams parameters) => owner.Received(parameters);

        [JsonRpcMethod("window/workDoneProgress/create", UseSingleObjectParameterDeserialization = true)]
        public static object? CreateProgress(JsonElement parameters) => null;

        [JsonRpcMethod("$/progress", UseSingleObjectParameterDeserialization = true)]
        public static void Progress(JsonElement parameters)
        {
        }

        [JsonRpcMethod("window/showMessage", UseSingleObjectParameterDeserialization = true)]
        public static void ShowMessage(JsonElement parameters)
        {
        }

        [JsonRpcMethod("window/logMessage", UseSingleObjectParameterDeserialization = true)]
        public static void LogMessage(JsonElement parameters)
        {
        }
    }
}
