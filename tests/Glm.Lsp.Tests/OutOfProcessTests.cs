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
            ArgumentList = { Infrastructure.BuiltServer.DllPath, "--stdio" },
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
}
