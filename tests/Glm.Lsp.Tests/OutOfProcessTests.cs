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
        var start = new ProcessStartInfo("dotnet")
        {
            ArgumentList = { Path.Combine(AppContext.BaseDirectory, "glm-lsp.dll"), "--stdio" },
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        using var process = Process.Start(start)!;
        var stderr = process.StandardError.ReadToEndAsync();
        var formatter = new SystemTextJsonFormatter { JsonSerializerOptions = new JsonSerializerOptions(JsonSerializerDefaults.Web) };
        using var rpc = new JsonRpc(new HeaderDelimitedMessageHandler(process.StandardInput.BaseStream, process.StandardOutput.BaseStream, formatter));
        rpc.StartListening();

        var result = await rpc.InvokeWithParameterObjectAsync<JsonElement>("initialize", new { processId = Environment.ProcessId, capabilities = new { } });
        Assert.Equal("glm-lsp", result.GetProperty("serverInfo").GetProperty("name").GetString());
        await rpc.NotifyWithParameterObjectAsync("initialized", new { });
        await rpc.InvokeWithCancellationAsync<object?>("shutdown", [], CancellationToken.None);
        await rpc.NotifyAsync("exit");

        await process.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(30));
        Assert.Equal(0, process.ExitCode);
        // Logs go to stderr only: the load warning is there, and no protocol frame leaked into it.
        var log = await stderr;
        Assert.Contains("glm-lsp: no model is configured. Set glm.modelPath", log, StringComparison.Ordinal);
        Assert.DoesNotContain("Content-Length", log, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Demo_WithoutAModel_SaysSoLoudlyAndWalksThroughEveryFeature()
    {
        var start = new ProcessStartInfo("dotnet")
        {
            ArgumentList = { Path.Combine(AppContext.BaseDirectory, "glm-lsp.dll"), "demo" },
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        _ = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(60));
        var output = await stdout;
        Assert.Equal(0, process.ExitCode);
        Assert.Contains("!!!!!!!! NO MODEL IS LOADED: every result below will be empty. Pass --model FILE (a GLM GGUF). !!!!!!!!", output, StringComparison.Ordinal);
        Assert.Contains("inline completion at the end of the paragraph:", output, StringComparison.Ordinal);
        Assert.Contains("rewrite refused (-32803): The model is not ready (NotConfigured)", output, StringComparison.Ordinal);
        Assert.Contains("hover over the Chinese comment:\n(no hover)", output, StringComparison.Ordinal);
        Assert.Contains("server exited with code 0", output, StringComparison.Ordinal);
    }
}
