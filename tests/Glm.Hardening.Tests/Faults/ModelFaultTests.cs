using System.Text.Json.Nodes;
using Glm.Hardening.Tests.Infrastructure;
using Glm.Lsp.Server;
using Glm.TestModels;

namespace Glm.Hardening.Tests.Faults;

/// <summary>The model fails mid-generation in a real server process (issue #7), through the test-only decode fault.</summary>
[Trait("Speed", "Slow")]
public sealed class ModelFaultTests
{
    private const string RestOfCorpus =
        " the code exists, not merely what it does; write for a reader who arrives next year holding one bug report and no context. 山川异域，风月同天。";

    [Fact]
    public async Task A_decode_failure_mid_generation_fails_that_request_only_and_the_next_one_is_exact()
    {
        // Call 1 evaluates the prompt, call 2 the first generated token, call 3 the second.
        await using var server = await ServerProcess.StartReadyAsync(
            TestModelFiles.Predictable(), switches: new DiagnosticSwitches(FailDecodeCall: 3).ToEnvironmentValue());
        await server.NotifyAsync("textDocument/didOpen", JsonNode.Parse("""{"textDocument":{"uri":"file:///a.md","languageId":"markdown","version":1,"text":"Good documentation explains why"}}"""));
        var parameters = JsonNode.Parse("""{"textDocument":{"uri":"file:///a.md"},"position":{"line":0,"character":31},"context":{"triggerKind":1}}""");

        var failed = await server.RequestAsync("textDocument/inlineCompletion", parameters, TimeSpan.FromSeconds(30));
        var state = await server.RequestAsync("glm/debug/engineState", null, TimeSpan.FromSeconds(30));
        var next = await server.RequestAsync("textDocument/inlineCompletion", parameters!.DeepClone(), TimeSpan.FromSeconds(30));

        Assert.Equal(
            """{"code":-32803,"message":"The model failed mid-generation: llama_decode failed with an injected fault (FailDecodeCall) for 1 tokens of slot 0; the slot was emptied."}""",
            failed["error"]?.ToJsonString());
        Assert.Equal("""{"queuedRequests":0,"requestRunning":false,"slots":[{"id":0,"busy":false,"cachedTokens":0}]}""", state["result"]?.ToJsonString());
        Assert.Equal(RestOfCorpus, next["result"]?["items"]?[0]?["insertText"]?.GetValue<string>());
        Assert.Contains(
            "Generation failed", server.Stderr, StringComparison.Ordinal);
        Assert.Contains(
            "The model failed mid-generation: llama_decode failed with an injected fault (FailDecodeCall) for 1 tokens of slot 0; the slot was emptied.",
            server.Stderr,
            StringComparison.Ordinal);
        Assert.False(server.HasExited);
    }
}
