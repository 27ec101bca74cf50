using System.Diagnostics;
using System.Text.Json;
using StreamJsonRpc;

namespace Glm.Lsp.Tests;

/// <summary>The built glm-lsp executable, started with --stdio as an editor would start it.</summary>
public sealed class OutOfProcessTests
{
    [Fact]
    public async Task Executable_InitializeShutdownExit_ExitsWithZeroAndKeepsStdoutForTheProtocol()
    {
        var (message, log, exitCode) = await RunUntilFirstMessageAsync();
        Assert.Equal(0, exitCode);
        Assert.StartsWith("glm-lsp: no model is configured: none of --model, initializationOptions.modelPath or the glm.modelPath setting is set.", message, StringComparison.Ordinal);
        // Logs go to stderr only: the load warning is there, and no protocol frame leaked into it.
        Assert.Contains("glm-lsp: no model is configured", log, StringComparison.Ordinal);
        Assert.DoesNotContain("Content-Length", log, StringComparison.Ordinal);
    }

    [Fact]
    public async Task TextFileNamedGguf_IsOneErrorLineNamingTheSource_WithoutAStackTrace()
    {
        var file = Path.Combine(Path.GetTempPath(), $"glm-lsp-not-a-model-{Guid.NewGuid():N}.gguf");
        await File.WriteAllTextAsync(file, "This is a text file, not a model.\n");
        try
        {
            var (message, log, _) = await RunUntilFirstMessageAsync("--model", file);
            Assert.StartsWith($"glm-lsp: the model file \"{file}\" (from --model) could not be loaded: ", message, StringComparison.Ordinal);
            Assert.Single(log.Split('\n'), line => line.Contains("could not be loaded", StringComparison.Ordinal));
            Assert.DoesNotContain("   at ", log, StringComparison.Ordinal);

            var (_, verboseLog, _) = await RunUntilFirstMessageAsync("--model", file, "--verbose");
            Assert.Contains("   at ", verboseLog, StringComparison.Ordinal);
        }
        finally
        {
            File.Delete(file);
        }
    }

    /// <summary>Starts the executable, initializes it without settings, waits for its first window/showMessage, shuts it down.</summary>
    private static async Task<(string Message, string Log, int ExitCode)> RunUntilFirstMessageAsync(params string[] arguments)
    {
        var start = new ProcessStartInfo("dotnet")
        {
            ArgumentList = { Infrastructure.BuiltServer.DllPath, "--stdio" },
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start)!;
        var stderr = process.StandardError.ReadToEndAsync();
        var formatter = new SystemTextJsonFormatter { JsonSerializerOptions = new JsonSerializerOptions(JsonSerializerDefaults.Web) };
        using var rpc = new JsonRpc(new HeaderDelimitedMessageHandler(process.StandardInput.BaseStream, process.StandardOutput.BaseStream, formatter));
        var messages = new MessageRecorder();
        rpc.AddLocalRpcTarget(messages);
        rpc.StartListening();

        var result = await rpc.InvokeWithParameterObjectAsync<JsonElement>("initialize", new { processId = Environment.ProcessId, capabilities = new { } });
        Assert.Equal("glm-lsp", result.GetProperty("serverInfo").GetProperty("name").GetString());
        await rpc.NotifyWithParameterObjectAsync("initialized", new { });
        var message = await messages.First.Task.WaitAsync(TimeSpan.FromSeconds(60));
        await rpc.InvokeWithCancellationAsync<object?>("shutdown", [], CancellationToken.None);
        await rpc.NotifyAsync("exit");

        await process.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(30));
        return (message, await stderr, process.ExitCode);
    }

    private sealed class MessageRecorder
    {
        public TaskCompletionSource<string> First { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        [JsonRpcMethod("window/showMessage", UseSingleObjectParameterDeserialization = true)]
        public void ShowMessage(JsonElement parameters) => First.TrySetResult(parameters.GetProperty("message").GetString()!);
    }
}
