using Glm.Lsp.Tests.Infrastructure;
using StreamJsonRpc;

namespace Glm.Lsp.Tests;

/// <summary>workspace/executeCommand: glm.status and glm.rewrite.</summary>
public sealed class ExecuteCommandTests
{
    [Fact]
    public async Task Status_ReportsModelBackendStateAndLastSpeed()
    {
        var generator = new ScriptedGenerator { Respond = _ => "abcdefgh" };
        await using var ready = await ReadySession.StartAsync(generator);
        Assert.Equal(
            """{"state":"Ready","model":"scripted","backend":"scripted (tests)","contextLength":4096}""",
            await ready.Session.RequestAsync("workspace/executeCommand", """{"command":"glm.status"}"""));

        await ready.OpenAsync("file:///notes/a.md", "markdown", "Hello ");
        await ready.InlineAsync("file:///notes/a.md", 0, 6);
        // The scripted generator reports one token per chunk and one millisecond per token: 1000 tokens/s.
        Assert.Equal(
            """{"state":"Ready","model":"scripted","backend":"scripted (tests)","contextLength":4096,"lastTokensPerSecond":1000}""",
            await ready.Session.RequestAsync("workspace/executeCommand", """{"command":"glm.status"}"""));
    }

    [Fact]
    public async Task Status_WithoutAModel_SaysWhy()
    {
        await using var session = LspTestSession.Start();
        await session.InitializeAsync("""{"textDocument":{"inlineCompletion":{}}}""", """{"modelPath":"/no/such.gguf"}""");
        await session.Client.WaitForAsync(m => m.Method == "window/showMessage");
        Assert.Equal(
            """{"state":"Failed","error":"glm-lsp: the model file \"/no/such.gguf\" (from initializationOptions.modelPath) does not exist. Point --model, initializationOptions.modelPath or the glm.modelPath setting at an existing GGUF file."}""",
            await session.RequestAsync("workspace/executeCommand", """{"command":"glm.status"}"""));
    }

    [Fact]
    public async Task RewriteCommand_ReturnsTheRewrittenText()
    {
        var generator = new ScriptedGenerator { Respond = _ => "Formal text." };
        await using var ready = await ReadySession.StartAsync(generator);
        await ready.OpenAsync("file:///notes/a.md", "markdown", "hey there\n");
        Assert.Equal(
            """{"text":"Formal text.","edit":{"changes":{"file:///notes/a.md":[{"range":{"start":{"line":0,"character":0},"end":{"line":0,"character":9}},"newText":"Formal text."}]}}}""",
            await ready.Session.RequestAsync("workspace/executeCommand", """{"command":"glm.rewrite","arguments":[{"textDocument":{"uri":"file:///notes/a.md"},"range":{"start":{"line":0,"character":0},"end":{"line":0,"character":9}},"style":"formal"}]}"""));
    }

    [Fact]
    public async Task UnknownCommand_IsInvalidParams()
    {
        await using var ready = await ReadySession.StartAsync(new ScriptedGenerator());
        var error = await Assert.ThrowsAsync<RemoteMethodNotFoundException>(() => ready.Session.RequestAsync("workspace/executeCommand", """{"command":"glm.nothing"}"""));
        Assert.Equal("Unknown command: glm.nothing", error.Message);
        Assert.Equal(-32602, (int)error.ErrorCode);
    }
}
