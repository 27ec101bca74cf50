using System.Collections.Concurrent;
using System.Diagnostics;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Glm.Hardening.Tests.Infrastructure;

/// <summary>
/// The real <c>glm-lsp --stdio</c> as a child process, driven byte by byte: the hardening suites must be able to send
/// what no well-behaved client library would (broken frames, invalid UTF-8), so this is a raw framer, not a JSON-RPC
/// library. Server requests to the client are answered as a minimal editor would; every server message is recorded.
/// </summary>
internal sealed class ServerProcess : IAsyncDisposable
{
    private readonly Process process;
    private readonly Stream stdin;
    private readonly ConcurrentDictionary<long, TaskCompletionSource<JsonObject>> pending = new();
    private readonly ConcurrentQueue<JsonObject> received = new();
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

    /// <summary>Starts <c>glm-lsp</c> with <paramref name="arguments"/>; <paramref name="environment"/> overrides variables.</summary>
    public static ServerProcess Start(IEnumerable<string> arguments, IReadOnlyDictionary<string, string>? environment = null, string? workingDirectory = null)
    {
        var start = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
            StandardErrorEncoding = Encoding.UTF8,
            WorkingDirectory = workingDirectory ?? AppContext.BaseDirectory,
        };
        start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "glm-lsp.dll"));
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        foreach (var (name, value) in environment ?? new Dictionary<string, string>())
        {
            start.Environment[name] = value;
        }

        return new ServerProcess(Process.Start(start) ?? throw new InvalidOperationException("could not start glm-lsp"));
    }

    /// <summary>Starts the server on <paramref name="modelPath"/> with test methods, initializes it and waits until the model is ready.</summary>
    public static async Task<ServerProcess> StartReadyAsync(string modelPath, IReadOnlyDictionary<string, string>? environment = null, JsonObject? initializationOptions = null)
    {
        var server = Start(["--stdio", "--model", modelPath, "--enable-test-methods"], environment);
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

    /// <summary>Registers interest in the response to <paramref name="id"/> before the request is written.</summary>
    public Task<JsonObject> ExpectResponse(long id) => pending.GetOrAdd(id, _ => new(TaskCreationOptions.RunContinuationsAsynchronously)).Task;

    public long NewId() => Interlocked.Increment(ref nextId);

    public Task NotifyAsync(string method, JsonNode? parameters) =>
        SendAsync(new JsonObject { ["jsonrpc"] = "2.0", ["method"] = method, ["params"] = parameters });

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

    /// <summary>Waits for the process to end and returns its exit code.</summary>
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

            received.Enqueue(message);
            await HandleAsync(message);
        }

        foreach (var waiting in pending.Values)
        {
            waiting.TrySetException(new EndOfStreamException($"glm-lsp closed stdout.\n{Stderr}"));
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
