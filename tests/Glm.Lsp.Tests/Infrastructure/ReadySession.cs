using Glm.Lsp.Models;
using Glm.Lsp.Server;

namespace Glm.Lsp.Tests.Infrastructure;

/// <summary>An initialized session whose scripted model has finished loading.</summary>
public sealed class ReadySession : IAsyncDisposable
{
    private readonly string modelFile = Path.Combine(Path.GetTempPath(), $"glm-lsp-test-{Guid.NewGuid():N}.gguf");

    private ReadySession(ScriptedGenerator generator) => Generator = generator;

    public ScriptedGenerator Generator { get; }
    public LspTestSession Session { get; private set; } = null!;

    public static async Task<ReadySession> StartAsync(
        ScriptedGenerator generator,
        string? initializationOptions = null,
        string capabilities = """{"textDocument":{"inlineCompletion":{},"codeAction":{"resolveSupport":{"properties":["edit"]}}}}""",
        RecordingLoggerFactory? log = null,
        DiagnosticSwitches? switches = null,
        string? moreInitializeParams = null,
        TimeProvider? clock = null)
    {
        var ready = new ReadySession(generator);
        await File.WriteAllTextAsync(ready.modelFile, "GGUF");
        var options = new ServerStartOptions(ModelPath: ready.modelFile, GeneratorFactory: new ScriptedGeneratorFactory(generator), Switches: switches) { Clock = clock };
        ready.Session = LspTestSession.Start(options, loggerFactory: log);
        await ready.Session.InitializeAsync(capabilities, initializationOptions, moreInitializeParams);
        await WaitUntil(() => ready.Session.Server.Models.State == ModelLoadState.Ready);
        return ready;
    }

    public Task OpenAsync(string uri, string languageId, string text) =>
        Session.NotifyAsync("textDocument/didOpen", System.Text.Json.JsonSerializer.Serialize(new { textDocument = new { uri, languageId, version = 1, text } }));

    /// <summary>textDocument/inlineCompletion; trigger 1 = Invoked, 2 = Automatic.</summary>
    public Task<string> InlineAsync(string uri, int line, int character, int trigger = 2, string? selectedCompletionInfo = null, CancellationToken cancellationToken = default) =>
        Session.RequestAsync(
            "textDocument/inlineCompletion",
            "{\"textDocument\":{\"uri\":\"" + uri + "\"},\"position\":{\"line\":" + line + ",\"character\":" + character
            + "},\"context\":{\"triggerKind\":" + trigger + (selectedCompletionInfo is null ? "" : ",\"selectedCompletionInfo\":" + selectedCompletionInfo) + "}}",
            cancellationToken);

    public async ValueTask DisposeAsync()
    {
        await Session.DisposeAsync();
        File.Delete(modelFile);
    }

    public static async Task WaitUntil(Func<bool> condition)
    {
        var deadline = DateTime.UtcNow.AddSeconds(10);
        while (!condition())
        {
            Assert.True(DateTime.UtcNow < deadline, "The condition did not become true within 10 seconds.");
            await Task.Delay(10);
        }
    }
}
