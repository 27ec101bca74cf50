using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using Glm.Lsp.Cli;
using StreamJsonRpc;

namespace Glm.Tools.Cli;

/// <summary>
/// <c>glm-tools demo</c> (<c>npm start</c>): the product from a terminal. It starts <c>glm-lsp --stdio</c> as a child process and talks to it
/// exactly as an editor would, printing the streamed inline completion, rewrite and comment translation as they arrive.
/// </summary>
internal static class DemoCommand
{
    internal const string MarkdownUri = "file:///demo/notes.md";
    internal const string MarkdownText = "# Writing notes\n\nGood documentation explains why";
    internal const string PythonUri = "file:///demo/sample.py";
    internal const string PythonText = "# 山川异域，风月同天。\ndef greet(name):\n    return f\"Hello, {name}\"\n";

    public static Command Create(CommonOptions common)
    {
        var command = new Command("demo", "Start the language server as a child process and show a completion, a rewrite and a translation, streamed.");
        var model = new Option<FileInfo?>("--model", "-m")
        {
            Description = "GGUF model file. Without it a predictable test model is built and used (it only replays its corpus).",
        };
        var server = ServerLocation.CreateOption();
        command.Options.Add(model);
        command.Options.Add(server);
        command.SetAction((parseResult, cancellationToken) => CommandRunner.RunAsync(parseResult, common, async (loggerFactory, ct) =>
        {
            var modelPath = DemoModel.Resolve(parseResult.GetValue(model), loggerFactory, Console.Error);
            var serverExecutable = ServerLocation.Resolve(parseResult.GetValue(server));
            return await RunAsync(serverExecutable, modelPath, parseResult.GetValue(common.Verbose), Console.Out, ct);
        }, cancellationToken));
        return command;
    }

    private static async Task<int> RunAsync(string serverExecutable, string modelPath, bool verbose, TextWriter output, CancellationToken cancellationToken)
    {
        using var server = StartServer(serverExecutable, modelPath);
        var serverLog = PumpStderrAsync(server, verbose);
        var client = new DemoClient(output);
        var formatter = new SystemTextJsonFormatter { JsonSerializerOptions = new JsonSerializerOptions(JsonSerializerDefaults.Web) };
        using var rpc = new JsonRpc(new HeaderDelimitedMessageHandler(server.StandardInput.BaseStream, server.StandardOutput.BaseStream, formatter));
        rpc.AddLocalRpcTarget(client);
        rpc.StartListening();
        var clock = Stopwatch.StartNew();

        await rpc.InvokeWithParameterObjectAsync<JsonElement>("initialize", new
        {
            processId = Environment.ProcessId,
            clientInfo = new { name = "glm-tools demo" },
            capabilities = new { window = new { workDoneProgress = true }, textDocument = new { inlineCompletion = new { } } },
            initializationOptions = new { modelPath },
        }, cancellationToken);
        await rpc.NotifyWithParameterObjectAsync("initialized", new { });
        var status = await WaitForModelAsync(rpc, cancellationToken);
        output.WriteLine($"[{Ms(clock)}] model {status.GetProperty("state").GetString()}: " +
            $"{Text(status, "model")} on {Text(status, "backend")}");
        if (status.GetProperty("state").GetString() != "ready")
        {
            output.WriteLine($"The model did not load: {Text(status, "message")}");
            await ShutdownAsync(rpc, server, cancellationToken);
            return CliErrors.Failure;
        }

        await OpenAsync(rpc, MarkdownUri, "markdown", MarkdownText);
        await OpenAsync(rpc, PythonUri, "python", PythonText);

        output.WriteLine();
        output.WriteLine($"== Inline completion in {MarkdownUri} after \"{MarkdownText.Split('\n')[^1]}\"");
        clock.Restart();
        var completion = await rpc.InvokeWithParameterObjectAsync<JsonElement>("textDocument/inlineCompletion", new
        {
            textDocument = new { uri = MarkdownUri },
            position = new { line = 2, character = MarkdownText.Split('\n')[^1].Length },
            context = new { triggerKind = 1 },
        }, cancellationToken);
        foreach (var item in completion.GetProperty("items").EnumerateArray())
        {
            output.WriteLine($"   ghost text: \"{item.GetProperty("insertText").GetString()}\"");
        }

        output.WriteLine($"   ({Ms(clock)})");

        output.WriteLine();
        output.WriteLine("== Rewrite of the paragraph (style: improve), streamed");
        clock.Restart();
        output.Write("   ");
        var rewrite = await rpc.InvokeWithParameterObjectAsync<JsonElement>("glm/rewrite", new
        {
            textDocument = new { uri = MarkdownUri },
            range = new { start = new { line = 2, character = 0 }, end = new { line = 2, character = MarkdownText.Split('\n')[^1].Length } },
            style = "improve",
            partialResultToken = DemoClient.RewriteToken,
        }, cancellationToken);
        await client.RewriteSettledAsync(rewrite.GetProperty("text").GetString() ?? string.Empty);
        output.WriteLine();
        output.WriteLine($"   final: \"{rewrite.GetProperty("text").GetString()}\" ({Ms(clock)}, {client.PartialResults} partial results)");

        output.WriteLine();
        output.WriteLine($"== Hover on the Chinese comment in {PythonUri}");
        clock.Restart();
        var hover = await rpc.InvokeWithParameterObjectAsync<JsonElement?>("textDocument/hover", new
        {
            textDocument = new { uri = PythonUri },
            position = new { line = 0, character = 4 },
        }, cancellationToken);
        var contents = hover is { ValueKind: JsonValueKind.Object } h ? h.GetProperty("contents").GetProperty("value").GetString() : "(no hover)";
        output.WriteLine("   " + contents?.Replace("\n", "\n   ", StringComparison.Ordinal));
        output.WriteLine($"   ({Ms(clock)})");

        await ShutdownAsync(rpc, server, cancellationToken);
        await serverLog;
        output.WriteLine();
        output.WriteLine($"Server exited with code {server.ExitCode}.");
        return server.ExitCode;
    }

    /// <summary>The server, started the way an editor starts it.</summary>
    private static Process StartServer(string serverExecutable, string modelPath)
    {
        var start = ServerLocation.StartInfo(serverExecutable);
        start.ArgumentList.Add("--stdio");
        start.ArgumentList.Add("--model");
        start.ArgumentList.Add(modelPath);
        return Process.Start(start) ?? throw new InvalidOperationException($"could not start {serverExecutable} --stdio");
    }

    /// <summary>The server's log (stderr) is shown with --verbose and otherwise drained, so its pipe never fills up.</summary>
    private static async Task PumpStderrAsync(Process server, bool verbose)
    {
        while (await server.StandardError.ReadLineAsync() is { } line)
        {
            if (verbose)
            {
                await Console.Error.WriteLineAsync("server: " + line);
            }
        }
    }

    private static async Task<JsonElement> WaitForModelAsync(JsonRpc rpc, CancellationToken cancellationToken)
    {
        while (true)
        {
            var status = await rpc.InvokeWithCancellationAsync<JsonElement>("glm/getStatus", [], cancellationToken);
            var state = status.GetProperty("state").GetString();
            if (state is "ready" or "error" or "idle")
            {
                return status;
            }

            await Task.Delay(50, cancellationToken);
        }
    }

    private static Task OpenAsync(JsonRpc rpc, string uri, string languageId, string text) =>
        rpc.NotifyWithParameterObjectAsync("textDocument/didOpen", new { textDocument = new { uri, languageId, version = 1, text } });

    private static async Task ShutdownAsync(JsonRpc rpc, Process server, CancellationToken cancellationToken)
    {
        await rpc.InvokeWithCancellationAsync<object?>("shutdown", [], cancellationToken);
        await rpc.NotifyAsync("exit");
        await server.WaitForExitAsync(cancellationToken);
    }

    private static string Text(JsonElement element, string property) =>
        element.TryGetProperty(property, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString()! : "?";

    private static string Ms(Stopwatch clock) => string.Create(CultureInfo.InvariantCulture, $"{clock.Elapsed.TotalMilliseconds:F0} ms");

    /// <summary>The editor side: answers the server's requests and prints streamed rewrite text as it arrives.</summary>
    private sealed class DemoClient(TextWriter output)
    {
        public const string RewriteToken = "demo-rewrite";
        private readonly Lock gate = new();
        private string printed = string.Empty;
        private TaskCompletionSource changed = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public int PartialResults { get; private set; }

        [JsonRpcMethod("$/progress", UseSingleObjectParameterDeserialization = true)]
        public void Progress(JsonElement parameters)
        {
            if (parameters.GetProperty("token").ValueKind != JsonValueKind.String
                || parameters.GetProperty("token").GetString() != RewriteToken
                || !parameters.GetProperty("value").TryGetProperty("text", out var text))
            {
                return;
            }

            lock (gate)
            {
                // Each partial result carries the text so far; print only what is new.
                var so = text.GetString() ?? string.Empty;
                if (so.StartsWith(printed, StringComparison.Ordinal))
                {
                    output.Write(so[printed.Length..]);
                    output.Flush();
                    printed = so;
                }

                PartialResults++;
                var previous = changed;
                changed = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
                previous.SetResult();
            }
        }

        /// <summary>Partial results are notifications and may trail the response by a moment; wait briefly for the last.</summary>
        public async Task RewriteSettledAsync(string final)
        {
            var deadline = DateTime.UtcNow.AddSeconds(2);
            while (DateTime.UtcNow < deadline)
            {
                Task next;
                lock (gate)
                {
                    if (printed.TrimEnd() == final)
                    {
                        return;
                    }

                    next = changed.Task;
                }

                await Task.WhenAny(next, Task.Delay(100));
            }
        }

        [JsonRpcMethod("window/workDoneProgress/create", UseSingleObjectParameterDeserialization = true)]
        public static object? CreateProgress(JsonElement parameters) => null;

        [JsonRpcMethod("workspace/configuration", UseSingleObjectParameterDeserialization = true)]
        public static object[] Configuration(JsonElement parameters) => [new { }];

        [JsonRpcMethod("window/showMessage", UseSingleObjectParameterDeserialization = true)]
        public static void ShowMessage(JsonElement parameters) =>
            Console.Error.WriteLine("server says: " + parameters.GetProperty("message").GetString());

        [JsonRpcMethod("window/logMessage", UseSingleObjectParameterDeserialization = true)]
        public static void LogMessage(JsonElement parameters)
        {
        }
    }
}
