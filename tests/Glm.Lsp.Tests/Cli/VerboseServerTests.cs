namespace Glm.Lsp.Tests.Cli;

/// <summary>
/// <c>glm-lsp --stdio --verbose</c> logs debug lines to stderr, as the option's help says, even when the editor's
/// glm.logLevel asks for less; without it the setting decides.
/// </summary>
[Trait("Speed", "Slow")]
public sealed class VerboseServerTests
{
    // StreamJsonRpc's own note about the "params": null the session below sends with shutdown: a debug line.
    private const string DebugLine =
        "dbug: Glm.Lsp.Server.LspJsonRpc[0] StreamJsonRpc: The remote party sent a JSON-RPC message with a null \"params\" property.";

    [Fact]
    public async Task Verbose_KeepsDebugLines_WhateverTheEditorsLogLevel()
    {
        var stderr = await RunSessionAsync("--verbose");

        Assert.Contains(DebugLine, stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task WithoutVerbose_TheLogLevelSettingDecides()
    {
        var stderr = await RunSessionAsync();

        Assert.DoesNotContain("dbug:", stderr, StringComparison.Ordinal);
        Assert.DoesNotContain("info:", stderr, StringComparison.Ordinal);
    }

    /// <summary>initialize with glm.logLevel "warning", shutdown with null params, exit; returns stderr.</summary>
    private static async Task<string> RunSessionAsync(params string[] arguments)
    {
        await using var server = ServerProcess.Start(["--stdio", .. arguments]);
        Assert.Contains(
            "\"serverInfo\":{\"name\":\"glm-lsp\"",
            await server.RequestJsonAsync("initialize", """{"processId":null,"capabilities":{},"initializationOptions":{"logLevel":"warning"}}"""),
            StringComparison.Ordinal);
        await server.NotifyJsonAsync("initialized", "{}");
        Assert.Equal("null", await server.RequestJsonAsync("shutdown", "null"));
        await server.NotifyAsync("exit");
        var exitCode = await server.WaitForExitAsync(TimeSpan.FromSeconds(30));
        var stderr = server.Stderr;
        Assert.True(exitCode == 0, $"exit code {exitCode}; stderr:\n{stderr}");
        return stderr;
    }
}
