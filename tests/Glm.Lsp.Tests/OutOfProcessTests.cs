using System.Text.Json;

namespace Glm.Lsp.Tests;

/// <summary>The built glm-lsp executable, started with --stdio as an editor would start it.</summary>
[Trait("Speed", "Slow")]
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
        await using var server = ServerProcess.Start(["--stdio", .. arguments]);
        var result = await server.RequestJsonAsync("initialize", $$$"""{"processId":{{{Environment.ProcessId}}},"capabilities":{}}""");
        Assert.Equal("glm-lsp", JsonDocument.Parse(result).RootElement.GetProperty("serverInfo").GetProperty("name").GetString());
        await server.NotifyJsonAsync("initialized", "{}");
        var message = await server.WaitForNotificationAsync("window/showMessage", TimeSpan.FromSeconds(60));
        await server.RequestJsonAsync("shutdown", "null");
        await server.NotifyAsync("exit");

        var exitCode = await server.WaitForExitAsync(TimeSpan.FromSeconds(30));
        return (message!["message"]!.GetValue<string>(), server.Stderr, exitCode);
    }
}
