using Glm.Lsp.Tests.Infrastructure;
using StreamJsonRpc;

namespace Glm.Lsp.Tests;

/// <summary>initialize / initialized / shutdown / exit and the errors around them, over the real JSON-RPC transport.</summary>
public sealed class LifecycleTests
{
    [Fact]
    public async Task Initialize_AnnouncesIncrementalSyncAndInlineCompletion()
    {
        await using var session = LspTestSession.Start();
        var result = await session.RequestAsync("initialize", $$"""{"processId":null,"capabilities":{{LspTestSession.FullCapabilities}}}""");
        Assert.StartsWith("""{"capabilities":{"textDocumentSync":{"openClose":true,"change":2},"inlineCompletionProvider":true""", result, StringComparison.Ordinal);
        Assert.Contains("\"serverInfo\":{\"name\":\"glm-lsp\"", result, StringComparison.Ordinal);
        Assert.DoesNotContain("completionProvider", result, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Initialize_WithoutInlineCompletionSupport_OffersCompletionInstead()
    {
        await using var session = LspTestSession.Start();
        var result = await session.RequestAsync("initialize", """{"processId":null,"capabilities":{}}""");
        Assert.Contains("\"completionProvider\":{\"resolveProvider\":false}", result, StringComparison.Ordinal);
    }

    [Fact]
    public async Task RequestBeforeInitialize_IsRefusedWithServerNotInitialized()
    {
        await using var session = LspTestSession.Start();
        var error = await Assert.ThrowsAsync<RemoteInvocationException>(() => session.RequestAsync("shutdown"));
        Assert.Equal(-32002, error.ErrorCode);
        Assert.Equal("The server is not initialized: send 'initialize' before 'shutdown'.", error.Message);
    }

    [Fact]
    public async Task SecondInitialize_IsRefusedAndTheServerKeepsWorking()
    {
        await using var session = LspTestSession.Start();
        await session.InitializeAsync();
        var error = await Assert.ThrowsAsync<RemoteInvocationException>(() => session.RequestAsync("initialize", """{"capabilities":{}}"""));
        Assert.Equal(-32600, error.ErrorCode);
        Assert.Equal("The server is already initialized: 'initialize' may be sent only once.", error.Message);
        Assert.Equal("null", await session.RequestAsync("shutdown"));
    }

    [Fact]
    public async Task UnknownMethod_GetsMethodNotFound()
    {
        await using var session = LspTestSession.Start();
        await session.InitializeAsync();
        var error = await Assert.ThrowsAsync<RemoteMethodNotFoundException>(() => session.RequestAsync("textDocument/noSuchThing", "{}"));
        Assert.Equal(-32601, (int)error.ErrorCode);
    }

    [Fact]
    public async Task ShutdownThenExit_ExitsWithZero()
    {
        await using var session = LspTestSession.Start();
        await session.InitializeAsync();
        Assert.Equal("null", await session.RequestAsync("shutdown"));
        await session.Rpc.NotifyAsync("exit");
        Assert.Equal(0, await session.ExitCode.WaitAsync(TimeSpan.FromSeconds(10)));
    }

    [Fact]
    public async Task ClosingTheConnectionAfterShutdown_ExitsWithZero()
    {
        // An editor that writes exit and closes its end at once can close before the exit notification is dispatched.
        await using var session = LspTestSession.Start();
        await session.InitializeAsync();
        Assert.Equal("null", await session.RequestAsync("shutdown"));

        session.Rpc.Dispose();

        Assert.Equal(0, await session.ExitCode.WaitAsync(TimeSpan.FromSeconds(10)));
    }

    [Fact]
    public async Task ExitWithoutShutdown_ExitsWithOne()
    {
        await using var session = LspTestSession.Start();
        await session.InitializeAsync();
        await session.Rpc.NotifyAsync("exit");
        Assert.Equal(1, await session.ExitCode.WaitAsync(TimeSpan.FromSeconds(10)));
    }

    [Fact]
    public async Task RequestAfterShutdown_IsRefusedWithInvalidRequest()
    {
        await using var session = LspTestSession.Start();
        await session.InitializeAsync();
        await session.RequestAsync("shutdown");
        var error = await Assert.ThrowsAsync<RemoteInvocationException>(() => session.RequestAsync("glm/settingsSchema"));
        Assert.Equal(-32600, error.ErrorCode);
        Assert.Equal("The server is shutting down: 'glm/settingsSchema' is refused, only 'exit' is accepted.", error.Message);
    }

    [Fact]
    public async Task ClientClosingTheConnection_EndsTheServerWithOne()
    {
        await using var session = LspTestSession.Start();
        await session.InitializeAsync();
        session.Rpc.Dispose();
        Assert.Equal(1, await session.ExitCode.WaitAsync(TimeSpan.FromSeconds(10)));
    }
}
