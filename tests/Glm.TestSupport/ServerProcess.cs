using System.Collections.Concurrent;
using System.Diagnostics;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Glm.TestSupport;

/// <summary>
/// The built <c>glm-lsp</c> as a child process on stdio, the one out-of-process driver of the C# tests. It is a raw
/// framer, not a JSON-RPC library: the hardening suites must be able to send what no well-behaved client would (broken
/// frames, invalid UTF-8). Server requests to the client are answered as a minimal editor would, and every server
/// message is recorded so that a test can wait for one.
/// </summary>
public sealed class ServerProcess : IAsyncDisposable
{
    private static readonly JsonSerializerOptions Readable = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    private readonly Process process;
    private readonly Stream stdin;
    private readonly ConcurrentDictionary<long, TaskCompletionSource<JsonObject>> pending = new();
    private readonly ConcurrentQueue<JsonObject> received = new();
    private readonly List<(Func<JsonObject, bool> Matches, TaskCompletionSource<JsonObject> Found)> messageWaiters = [];
    private readonly StringBuilder stderr = new();
    private readonly SemaphoreSlim writeLock = new(1, 1);
    private readonly Task readLoop;
    private readonly Task stderrLoop;
    private long nextId = 1_000_000;

    private ServerProcess(Process process)
    {
        this.process = process;
        stdin = process.StandardInput.BaseStream;
        readLoop = Task.Run(ReadFramesAsync);
        stderrLoop = Task.Run(ReadStderrAsync);
    }

    public int ProcessId => process.Id;

    public bool HasExited => process.HasExited;

    /// <summary>Every message the server sent, in order (responses, notifications and requests).</summary>
    public IReadOnlyCollection<JsonObject> Received => received;

    /// <summary>Frames the server wrote that were not valid JSON-RPC; must stay zero.</summary>
    public int MalformedFrames { get; private set; }

    public string Stderr
    {
        get
        {
            lock (stderr)
            {
                return stderr.ToString();
            }
        }
    }

    /// <summary>Starts <c>dotnet glm-lsp.dll</c> with <paramref name="arguments"/> (usually starting with <c>--stdio</c>).</summary>
    /// <param name="environment">Variables added to the inherited environment.</param>
    /// <param name="workingDirectory">The server's working directory; the test's output folder by default.</param>
    /// <param name="wrapper">Programs put before <c>dotnet glm-lsp.dll</c>, such as <c>unshare --net</c>; they must exec, not fork.</param>
    public static ServerProcess Start(
        IEnumerable<string> arguments,
        IReadOnlyDictionary<string, string>? environment = null,
        string? workingDirectory = null,
        IReadOnlyList<string>? wrapper = null)
    {
        string[] command = [.. wrapper ?? [], "dotnet", BuiltServer.DllPath, .. arguments];
        var start = new ProcessStartInfo(command[0])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
            StandardErrorEncoding = Encoding.UTF8,
            WorkingDirectory = workingDirectory ?? AppContext.BaseDirectory,
        };
        foreach (var argument in command.Skip(1))
        {
            start.ArgumentList.Add(argument);
        }

        foreach (var (name, value) in environment ?? new Dictionary<string, string>())
        {
            start.Environment[name] = value;
        }

        return new ServerProcess(Process.Start(start) ?? throw new InvalidOperationException($"could not start {command[0]}"));
    }

    private const string DiagnosticsVariable = "GLM_LSP_DIAGNOSTICS";

    /// <summary>
    /// Starts the server on <paramref name="modelPath"/> with the diagnostic <paramref name="switches"/> (the value of
    /// GLM_LSP_DIAGNOSTICS, docs/diagnostic-switches.md) and the test methods, initializes it and waits until the model is
    /// ready. The switches come as their environment text because this project references no product project.
    /// </summary>
    public static async Task<ServerProcess> StartReadyAsync(
        string modelPath, IReadOnlyDictionary<string, string>? environment = null, JsonObject? initializationOptions = null, string? switches = null)
    {
        var withSwitches = new Dictionary<string, string>(environment ?? new Dictionary<string, string>())
        {
            [DiagnosticsVariable] = switches is { Length: > 0 } ? switches + ",test-methods" : "test-methods",
        };
        var server = Start(["--stdio", "--model", modelPath], withSwitches);
        await server.InitializeAsync(initializationOptions);
        await server.WaitUntilReadyAsync(TimeSpan.FromSeconds(60));
        return server;
    }

    public async Task InitializeAsync(JsonObject? initializationOptions = null)
    {
        var capabilities = JsonNode.Parse("""{"textDocument":{"inlineCompletion":{}},"window":{"workDoneProgress":true}}""");
        var response = await RequestAsync("initialize", new JsonObject
        {
            ["processId"] = null,
            ["rootUri"] = null,
            ["capabilities"] = capabilities,
            ["initializationOptions"] = initializationOptions ?? new JsonObject { ["threads"] = 1 },
        }, TimeSpan.FromSeconds(60));
        if (response["error"] is not null)
        {
            throw new InvalidOperationException($"initialize failed: {response.ToJsonString()}");
        }

        await NotifyAsync("initialized", new JsonObject());
    }

    public async Task WaitUntilReadyAsync(TimeSpan timeout)
    {
        var deadline = Stopwatch.StartNew();
        while (true)
        {
            var status = await RequestAsync("glm/getStatus", new JsonObject(), TimeSpan.FromSeconds(30));
            var state = status["result"]?["state"]?.GetValue<string>();
            if (state is "ready" or "generating")
            {
                return;
            }

            if (state == "error" || deadline.Elapsed > timeout)
            {
                throw new InvalidOperationException($"model not ready: {status.ToJsonString()}\n{Stderr}");
            }

            await Task.Delay(100);
        }
    }

    /// <summary>Sends a request and waits for its response (result or error).</summary>
    public async Task<JsonObject> RequestAsync(string method, JsonNode? parameters, TimeSpan timeout)
    {
        var id = Interlocked.Increment(ref nextId);
        var response = ExpectResponse(id);
        await SendAsync(new JsonObject { ["jsonrpc"] = "2.0", ["id"] = id, ["method"] = method, ["params"] = parameters });
        return await response.WaitAsync(timeout);
    }

    /// <summary>
    /// Sends a request whose params are the JSON text <paramref name="parametersJson"/> and returns its result as compact
    /// JSON text, Chinese and quotes unescaped and in the server's property order, so a test compares whole answers
    /// with readable literals. An error response throws.
    /// </summary>
    public async Task<string> RequestJsonAsync(string method, string parametersJson)
    {
        var response = await RequestAsync(method, JsonNode.Parse(parametersJson), TimeSpan.FromMinutes(2));
        if (response["error"] is { } error)
        {
            throw new InvalidOperationException($"{method} failed: {error.ToJsonString(Readable)}");
        }

        return response["result"]?.ToJsonString(Readable) ?? "null";
    }

    /// <summary>Registers interest in the response to <paramref name="id"/> before the request is written.</summary>
    public Task<JsonObject> ExpectResponse(long id) => pending.GetOrAdd(id, _ => new(TaskCreationOptions.RunContinuationsAsynchronously)).Task;

    public long NewId() => Interlocked.Increment(ref nextId);

    public Task NotifyAsync(string method, JsonNode? parameters) =>
        SendAsync(new JsonObject { ["jsonrpc"] = "2.0", ["method"] = method, ["params"] = parameters });

    /// <summary>A notification without a params member, such as <c>exit</c>.</summary>
    public Task NotifyAsync(string method) => SendAsync(new JsonObject { ["jsonrpc"] = "2.0", ["method"] = method });

    /// <summary>A notification whose params are the JSON text <paramref name="parametersJson"/>.</summary>
    public Task NotifyJsonAsync(string method, string parametersJson) => NotifyAsync(method, JsonNode.Parse(parametersJson));

    /// <summary>The first message the server sent (before or after this call) that <paramref name="matches"/>.</summary>
    public Task<JsonObject> WaitForMessageAsync(Func<JsonObject, bool> matches, TimeSpan timeout)
    {
        var found = new TaskCompletionSource<JsonObject>(TaskCreationOptions.RunContinuationsAsynchronously);
        lock (messageWaiters)
        {
            // Under the lock the read loop cannot enqueue between this scan and the registration below.
            if (received.FirstOrDefault(matches) is { } already)
            {
                return Task.FromResult(already);
            }

            messageWaiters.Add((matches, found));
        }

        return found.Task.WaitAsync(timeout);
    }

    /// <summary>The params of the first notification named <paramref name="method"/>.</summary>
    public async Task<JsonNode?> WaitForNotificationAsync(string method, TimeSpan timeout) =>
        (await WaitForMessageAsync(message => message["method"]?.GetValue<string>() == method && message["id"] is null, timeout))["params"];

    public Task SendAsync(JsonNode message) => SendContentAsync(Encoding.UTF8.GetBytes(message.ToJsonString()));

    /// <summary>Frames <paramref name="content"/> with a correct Content-Length header.</summary>
    public Task SendContentAsync(byte[] content) =>
        SendRawAsync([.. Encoding.ASCII.GetBytes($"Content-Length: {content.Length}\r\n\r\n"), .. content]);

    /// <summary>Writes bytes exactly as given: the caller owns the framing.</summary>
    public async Task SendRawAsync(byte[] bytes)
    {
        await writeLock.WaitAsync();
        try
        {
            await stdin.WriteAsync(bytes);
            await stdin.FlushAsync();
        }
        finally
        {
            writeLock.Release();
        }
    }

    public void CloseStdin() => stdin.Close();

    public void Kill() => process.Kill(entireProcessTree: true);

    /// <summary>Waits for the process to end and for its output to be read, and returns its exit code.</summary>
    public async Task<int> WaitForExitAsync(TimeSpan timeout)
    {
        using var cancellation = new CancellationTokenSource(timeout);
        await process.WaitForExitAsync(cancellation.Token);
        await Task.WhenAll(readLoop, stderrLoop).WaitAsync(TimeSpan.FromSeconds(10));
        return process.ExitCode;
    }

    /// <summary>Resident memory of the server in MB, from /proc.</summary>
    public double ResidentMegabytes()
    {
        foreach (var line in File.ReadLines($"/proc/{process.Id}/status"))
        {
            if (line.StartsWith("VmRSS:", StringComparison.Ordinal))
            {
                return double.Parse(line["VmRSS:".Length..].Trim().Split(' ')[0], System.Globalization.CultureInfo.InvariantCulture) / 1024;
            }
        }

        throw new InvalidOperationException("no VmRSS");
    }

    private async Task ReadFramesAsync()
    {
        var output = process.StandardOutput.BaseStream;
        var reader = new FrameReader(new BufferedStream(output));
        while (await reader.ReadAsync() is { } content)
        {
            JsonObject? message;
            try
            {
                message = JsonNode.Parse(content) as JsonObject;
            }
            catch (JsonException)
            {
                message = null;
            }

            if (message is null)
            {
                MalformedFrames++;
                continue;
            }

            Record(message);
            await HandleAsync(message);
        }

        foreach (var waiting in pending.Values)
        {
            waiting.TrySetException(new EndOfStreamException($"glm-lsp closed stdout.\n{Stderr}"));
        }

        lock (messageWaiters)
        {
            foreach (var (_, found) in messageWaiters)
            {
                found.TrySetException(new EndOfStreamException($"glm-lsp closed stdout before the awaited message.\n{Stderr}"));
            }
        }
    }

    private void Record(JsonObject message)
    {
        lock (messageWaiters)
        {
            received.Enqueue(message);
            foreach (var waiter in messageWaiters.Where(waiter => waiter.Matches(message)).ToList())
            {
                waiter.Found.TrySetResult(message);
                messageWaiters.Remove(waiter);
            }
        }
    }

    private async Task HandleAsync(JsonObject message)
    {
        var hasMethod = message.ContainsKey("method");
        if (!hasMethod && message["id"] is JsonValue idValue && idValue.TryGetValue<long>(out var id))
        {
            pending.GetOrAdd(id, _ => new(TaskCreationOptions.RunContinuationsAsynchronously)).TrySetResult(message);
            return;
        }

        if (hasMethod && message["id"] is { } requestId)
        {
            // The server asks the client something (configuration, progress tokens): answer as VS Code would.
            JsonNode? result = message["method"]?.GetValue<string>() == "workspace/configuration"
                ? new JsonArray(new JsonObject { ["threads"] = 1 })
                : null;
            await SendAsync(new JsonObject { ["jsonrpc"] = "2.0", ["id"] = requestId.DeepClone(), ["result"] = result });
        }
    }

    private async Task ReadStderrAsync()
    {
        var buffer = new char[4096];
        int read;
        while ((read = await process.StandardError.ReadAsync(buffer)) > 0)
        {
            lock (stderr)
            {
                stderr.Append(buffer, 0, read);
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (!process.HasExited)
        {
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync();
        }

        process.Dispose();
        writeLock.Dispose();
    }
}
