using Glm.Lsp.Tests.Infrastructure;
using StreamJsonRpc;

namespace Glm.Lsp.Tests;

/// <summary>workspace/executeCommand: glm.rewrite, and an unknown command.</summary>
public sealed class ExecuteCommandTests
{
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
