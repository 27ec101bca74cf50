using System.Text.Json;
using Glm.Inference.Engine;
using Glm.Lsp.Models;
using Glm.Lsp.Server;
using Glm.Lsp.Tests.Infrastructure;
using Glm.TestModels;
using Microsoft.Extensions.Logging.Abstractions;

namespace Glm.Lsp.Tests.RealEngine;

/// <summary>
/// An initialized in-process server whose generator is the real llama.cpp engine on the predictable test model, so
/// features are asserted end to end with exact text instead of a scripted stand-in.
/// </summary>
internal sealed class RealEngineSession : IAsyncDisposable
{
    private RealEngineSession(LspTestSession session) => Session = session;

    public LspTestSession Session { get; }

    public static async Task<RealEngineSession> StartAsync(
        string capabilities = LspTestSession.FullCapabilities,
        string? modelPath = null,
        DiagnosticSwitches? switches = null,
        string? initializationOptions = null,
        IEngineTestHooks? engineHooks = null,
        RecordingLoggerFactory? log = null)
    {
        var options = new ServerStartOptions(
            ModelPath: modelPath ?? TestModelFiles.Predictable(),
            GeneratorFactory: new LlamaEngineGeneratorFactory(NullLoggerFactory.Instance) { TestHooks = engineHooks },
            Switches: switches);
        var session = LspTestSession.Start(options, loggerFactory: log);
        await session.InitializeAsync(capabilities, initializationOptions);
        var deadline = DateTime.UtcNow.AddMinutes(1);
        while (session.Server.Models.State != ModelLoadState.Ready)
        {
            Assert.True(session.Server.Models.State != ModelLoadState.Failed, "The predictable model failed to load.");
            Assert.True(DateTime.UtcNow < deadline, "The predictable model did not load within a minute.");
            await Task.Delay(20);
        }

        return new RealEngineSession(session);
    }

    public Task OpenAsync(string uri, string languageId, string text) =>
        Session.NotifyAsync("textDocument/didOpen", JsonSerializer.Serialize(new { textDocument = new { uri, languageId, version = 1, text } }));

    public ValueTask DisposeAsync() => Session.DisposeAsync();
}
