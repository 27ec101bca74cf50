using System.Text.Json;
using Glm.Lsp.Models;
using Glm.Lsp.Server;
using Glm.Lsp.Tests.Infrastructure;
using Glm.TestModels;
using Microsoft.Extensions.Logging.Abstractions;

namespace Glm.Lsp.Tests.Remote;

/// <summary>
/// The issue's "two settings" proof: glm.remote.endpoint and glm.remote.model move inline completion, rewrite and hover
/// translation to an OpenAI-compatible server (a vLLM-shaped fake on 127.0.0.1) and back to the local llama.cpp engine
/// on the predictable model, in one running server.
/// </summary>
[Trait("Speed", "Slow")]
public sealed class RemoteBackendSwitchTests
{
    private const string NoConfigurationCapability = """{"window":{"workDoneProgress":true},"textDocument":{"inlineCompletion":{}}}""";
    private const string Md = "file:///notes/remote.md";
    private const string Cs = "file:///src/remote.cs";
    private const string RestOfCorpus =
        " the code exists, not merely what it does; write for a reader who arrives next year holding one bug report and no context. 山川异域，风月同天。";

    [Fact]
    public async Task TwoSettings_MoveEveryFeatureToTheRemoteServerAndBack()
    {
        await using var fake = await FakeOpenAiServer.StartAsync();
        var options = new ServerStartOptions(GeneratorFactory: new LlamaEngineGeneratorFactory(NullLoggerFactory.Instance))
        {
            Environment = _ => null,
        };
        await using var session = LspTestSession.Start(options);
        var model = JsonSerializer.Serialize(TestModelFiles.Predictable());
        await session.InitializeAsync(
            NoConfigurationCapability,
            $$$"""{"modelPath":{{{model}}},"hoverTimeBudgetMs":20000,"remote":{"endpoint":"{{{fake.Endpoint}}}","model":"{{{FakeOpenAiServer.Model}}}"}}""");
        await session.NotifyAsync("textDocument/didOpen", OpenJson(Md, "markdown", "# Notes\n\nGood documentation explains why"));
        await session.NotifyAsync("textDocument/didOpen", OpenJson(Cs, "csharp", "class A\n{\n    // 计算总和\n    int x;\n}\n"));

        var remoteStatus = await WaitForBackendAsync(session, "remote ");
        Assert.Equal($$"""{"state":"ready","model":"{{FakeOpenAiServer.Model}}","backend":"remote {{fake.Endpoint}} {{FakeOpenAiServer.Model}}","contextLength":8192}""", remoteStatus);
        Assert.Equal(
            Expected(FakeOpenAiServer.Continuation, FakeOpenAiServer.ChatAnswer),
            await RunFeaturesAsync(session));
        Assert.Equal(
            ["GET /v1/models", "POST /v1/completions", "POST /v1/chat/completions", "POST /v1/chat/completions"],
            fake.Requests);

        // The key from the editor's secret storage reconnects and is sent as a bearer token, never shown in the status.
        await session.NotifyAsync("glm/setApiKey", """{"apiKey":"sk-editor-secret"}""");
        await WaitUntilAsync(() => fake.Requests.Count(r => r == "GET /v1/models Bearer sk-editor-secret") == 1);
        await WaitForBackendAsync(session, "remote ");
        await session.RequestAsync("glm/rewrite", RewriteJson("formal"));
        Assert.Equal("POST /v1/chat/completions Bearer sk-editor-secret", fake.Requests.Last());
        Assert.DoesNotContain("sk-editor-secret", await StatusAsync(session), StringComparison.Ordinal);

        // Back to the local model: the same features answer with the predictable model's known text.
        await session.NotifyAsync("workspace/didChangeConfiguration", """{"settings":{"glm":{"remote":{"endpoint":""}}}}""");
        var localStatus = await WaitForBackendAsync(session, "CPU");
        Assert.StartsWith("{\"state\":\"ready\",\"model\":\"glm-lsp predictable test model\",\"backend\":\"CPU (", localStatus, StringComparison.Ordinal);
        var requestsToRemote = fake.Requests.Count;
        Assert.Equal(Expected(RestOfCorpus, DefaultCorpus.ChatAnswer), await RunFeaturesAsync(session));
        Assert.Equal(requestsToRemote, fake.Requests.Count);
    }

    [Fact]
    public async Task PlainHttpToAnotherHost_IsRefusedNamingTheSetting_AndTheServerKeepsRunning()
    {
        await using var session = LspTestSession.Start(new ServerStartOptions(GeneratorFactory: new ScriptedGeneratorFactory(new ScriptedGenerator())));
        await session.InitializeAsync(NoConfigurationCapability, """{"remote":{"endpoint":"http://gpu-box.example:8000/v1","model":"glm-4"}}""");

        var message = await session.Client.WaitForAsync(m => m.Method == "window/showMessage");
        const string Refusal = "glm-lsp: remote http://gpu-box.example:8000/v1 glm-4: Refusing plain HTTP to gpu-box.example: the API key and your text would cross the network unencrypted. Use https://, or set glm.remote.allowInsecureHttp to true if this network is trusted.";
        Assert.Equal($$"""{"type":1,"message":"{{Refusal}}"}""", message.Params);
        Assert.Equal($$"""{"state":"error","message":"{{Refusal}}","setting":"glm.remote.endpoint"}""", await StatusAsync(session));
    }

    [Fact]
    public async Task UnreachableServer_ShowsInTheStatusAndEachRequestFailsAlone()
    {
        // A port that was just free: nothing listens there, so connections are refused at once.
        int port;
        using (var probe = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0))
        {
            probe.Start();
            port = ((System.Net.IPEndPoint)probe.LocalEndpoint).Port;
        }

        await using var session = LspTestSession.Start(new ServerStartOptions(GeneratorFactory: new ScriptedGeneratorFactory(new ScriptedGenerator())));
        await session.InitializeAsync(NoConfigurationCapability, $$$"""{"remote":{"endpoint":"http://127.0.0.1:{{{port}}}/v1","model":"glm-4"}}""");
        var warning = await session.Client.WaitForAsync(m => m.Method == "window/showMessage");
        var refused = $"Could not connect to http://127.0.0.1:{port}";
        Assert.StartsWith($$"""{"type":2,"message":"glm-lsp: remote http://127.0.0.1:{{port}}/v1 glm-4: {{refused}}""", warning.Params, StringComparison.Ordinal);
        Assert.StartsWith(
            $$"""{"state":"ready","model":"glm-4","backend":"remote http://127.0.0.1:{{port}}/v1 glm-4","contextLength":8192,"lastFailure":"{{refused}}""",
            await StatusAsync(session),
            StringComparison.Ordinal);

        // The range is on line 2: an empty selection is answered as it is, without the model.
        await session.NotifyAsync("textDocument/didOpen", OpenJson(Md, "markdown", "# Remote\n\nRewrite me please.\n"));
        var failure = await Assert.ThrowsAsync<StreamJsonRpc.RemoteInvocationException>(() => session.RequestAsync("glm/rewrite", RewriteJson("formal")));
        Assert.StartsWith(refused, failure.Message, StringComparison.Ordinal);
        Assert.StartsWith("{\"state\":\"ready\"", await StatusAsync(session), StringComparison.Ordinal);
    }

    [Fact]
    public async Task CredentialsAndQueryOfTheEndpoint_NeverReachAMessageOrTheStatus()
    {
        int port;
        using (var probe = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0))
        {
            probe.Start();
            port = ((System.Net.IPEndPoint)probe.LocalEndpoint).Port;
        }

        await using var session = LspTestSession.Start(new ServerStartOptions(GeneratorFactory: new ScriptedGeneratorFactory(new ScriptedGenerator())));
        await session.InitializeAsync(
            NoConfigurationCapability,
            $$$"""{"remote":{"endpoint":"http://alice:pw-1@127.0.0.1:{{{port}}}/v1?api_key=key-2","model":"glm-4"},"network":{"proxy":"http://bob:pw-3@127.0.0.1:9"}}""");
        var warning = await session.Client.WaitForAsync(m => m.Method == "window/showMessage");
        var status = await StatusAsync(session);

        Assert.StartsWith($$"""{"type":2,"message":"glm-lsp: remote http://***@127.0.0.1:{{port}}/v1?*** glm-4: """, warning.Params, StringComparison.Ordinal);
        Assert.Contains($$""""backend":"remote http://***@127.0.0.1:{{port}}/v1?*** glm-4","""", status, StringComparison.Ordinal);
        await session.Client.WaitForAsync(m => m.Method == "glm/status" && m.Params.StartsWith("{\"state\":\"ready\"", StringComparison.Ordinal));
        var notifications = string.Join("\n", session.Client.Messages.Where(m => m.Method == "glm/status").Select(m => m.Params));
        foreach (var secret in new[] { "pw-1", "key-2", "pw-3" })
        {
            Assert.DoesNotContain(secret, warning.Params, StringComparison.Ordinal);
            Assert.DoesNotContain(secret, status, StringComparison.Ordinal);
            Assert.DoesNotContain(secret, notifications, StringComparison.Ordinal);
        }
    }

    private static async Task<string> RunFeaturesAsync(LspTestSession session)
    {
        var completion = await session.RequestAsync(
            "textDocument/inlineCompletion",
            """{"textDocument":{"uri":"file:///notes/remote.md"},"position":{"line":2,"character":31},"context":{"triggerKind":2}}""");
        var rewrite = await session.RequestAsync("glm/rewrite", RewriteJson("formal"));
        var hover = await session.RequestAsync("textDocument/hover", """{"textDocument":{"uri":"file:///src/remote.cs"},"position":{"line":2,"character":9}}""");
        using var hoverJson = JsonDocument.Parse(hover);
        return completion + "\n" + rewrite + "\n" + hoverJson.RootElement.GetProperty("contents").GetRawText();
    }

    private static string Expected(string continuation, string chatAnswer) =>
        "{\"items\":[{\"insertText\":\"" + continuation + "\",\"range\":{\"start\":{\"line\":2,\"character\":31},\"end\":{\"line\":2,\"character\":31}}}]}\n"
        + "{\"text\":\"" + chatAnswer + "\"}\n"
        + "{\"kind\":\"markdown\",\"value\":\"**GLM translation (English)**\\n\\n" + chatAnswer + "\"}";

    private static string RewriteJson(string style) =>
        $$$"""{"textDocument":{"uri":"file:///notes/remote.md"},"range":{"start":{"line":2,"character":0},"end":{"line":2,"character":4}},"style":"{{{style}}}"}""";

    private static string OpenJson(string uri, string languageId, string text) =>
        JsonSerializer.Serialize(new { textDocument = new { uri, languageId, version = 1, text } });

    private static Task<string> StatusAsync(LspTestSession session) =>
        session.RequestAsync("glm/getStatus");

    private static async Task<string> WaitForBackendAsync(LspTestSession session, string backendPrefix)
    {
        var deadline = DateTime.UtcNow.AddMinutes(1);
        while (true)
        {
            var status = await StatusAsync(session);
            if (status.Contains("\"backend\":\"" + backendPrefix, StringComparison.Ordinal))
            {
                return status;
            }

            Assert.True(DateTime.UtcNow < deadline, $"The backend did not become '{backendPrefix}…' within a minute; status: {status}");
            await Task.Delay(20);
        }
    }

    private static async Task WaitUntilAsync(Func<bool> condition)
    {
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (!condition())
        {
            Assert.True(DateTime.UtcNow < deadline, "The condition was not met within 30 s.");
            await Task.Delay(20);
        }
    }
}
