using System.Text.Json.Nodes;
using System.Text;
using Glm.Hardening.Tests.Infrastructure;
using Glm.TestModels;

namespace Glm.Hardening.Tests.Faults;

/// <summary>The client goes away or breaks the framing: the server ends in a defined way, with a log line saying why.</summary>
[Trait("Speed", "Slow")]
public sealed class ConnectionFaultTests
{
    [Fact]
    public async Task Client_killed_mid_request_ends_the_server_with_code_1_and_a_log_line()
    {
        await using var server = await ServerProcess.StartReadyAsync(TestModelFiles.Predictable());
        await server.NotifyAsync("textDocument/didOpen", JsonNode.Parse("""{"textDocument":{"uri":"file:///a.md","languageId":"markdown","version":1,"text":"The quick brown fox "}}"""));
        _ = server.ExpectResponse(42);
        await server.SendAsync(JsonNode.Parse("""{"jsonrpc":"2.0","id":42,"method":"textDocument/inlineCompletion","params":{"textDocument":{"uri":"file:///a.md"},"position":{"line":0,"character":20},"context":{"triggerKind":1}}}""")!);

        // A killed editor closes its end of the pipes; that is all the server can see.
        server.CloseStdin();

        Assert.Equal(1, await server.WaitForExitAsync(TimeSpan.FromSeconds(20)));
        Assert.Contains("The client closed the connection", server.Stderr, StringComparison.Ordinal);
        Assert.DoesNotContain("Unhandled exception", server.Stderr, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("Content-Lenth: 5\r\n\r\nhello", "No Content-Length header detected.")]
    [InlineData("Content-Length: 5\n\n{}", "Header does not end with expected \\r\\n character sequence.")]
    [InlineData("Content-Length: 50\r\n\r\n{}", "The stream ended inside a message of 50 bytes.")]
    [InlineData("Content-Length: abc\r\n\r\n{}", "Unable to parse Content-Length header value as an integer.")]
    [InlineData("garbage without a colon\r\n\r\n", "Colon not found in header.")]
    public async Task A_broken_frame_ends_the_server_with_code_1_and_says_why(string frame, string reason)
    {
        await using var server = ServerProcess.Start(["--stdio"]);
        await server.InitializeAsync();
        await server.SendRawAsync(Encoding.ASCII.GetBytes(frame));
        server.CloseStdin();

        Assert.Equal(1, await server.WaitForExitAsync(TimeSpan.FromSeconds(20)));
        Assert.Contains("The connection to the client broke: " + reason, server.Stderr, StringComparison.Ordinal);
        Assert.DoesNotContain("Unhandled exception", server.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_well_framed_message_that_is_not_json_rpc_is_skipped_and_the_next_request_is_answered()
    {
        await using var server = ServerProcess.Start(["--stdio"]);
        await server.InitializeAsync();
        await server.SendContentAsync(Encoding.UTF8.GetBytes("{\"jsonrpc\":\"2.0\",\"id\":5,\"method\":"));
        await server.SendContentAsync([0xFF, 0xFE, 0x00]);

        var status = await server.RequestAsync("glm/getStatus", new JsonObject(), TimeSpan.FromSeconds(20));

        Assert.Equal("idle", status["result"]?["state"]?.GetValue<string>());
        Assert.Equal(2, server.Stderr.Split('\n').Count(line => line.Contains("Skipped a message that is not valid JSON-RPC", StringComparison.Ordinal)));
    }

    [Fact]
    public async Task A_request_to_an_unknown_dollar_method_gets_method_not_found()
    {
        await using var server = ServerProcess.Start(["--stdio"]);
        await server.InitializeAsync();

        var response = await server.RequestAsync("$/unknown", new JsonObject(), TimeSpan.FromSeconds(20));

        Assert.Equal("""{"code":-32601,"message":"No method by the name \u0027$/unknown\u0027 is found."}""", response["error"]!.ToJsonString());
    }

    [Fact]
    public async Task A_request_whose_params_are_neither_an_object_nor_an_array_gets_invalid_request()
    {
        await using var server = ServerProcess.Start(["--stdio"]);
        await server.InitializeAsync();
        var scalar = server.ExpectResponse(901);
        var text = server.ExpectResponse(902);

        await server.SendContentAsync(Encoding.UTF8.GetBytes("""{"jsonrpc":"2.0","id":901,"method":"textDocument/hover","params":5}"""));
        await server.SendContentAsync(Encoding.UTF8.GetBytes("""{"jsonrpc":"2.0","id":"902","method":"x/unknown","params":"text"}"""));
        var status = await server.RequestAsync("glm/getStatus", new JsonObject(), TimeSpan.FromSeconds(20));

        Assert.Equal(
            """{"jsonrpc":"2.0","id":901,"error":{"code":-32600,"message":"The params are neither an object nor an array."}}""",
            (await scalar.WaitAsync(TimeSpan.FromSeconds(20))).ToJsonString());
        Assert.Equal("idle", status["result"]?["state"]?.GetValue<string>());
        // The string id is answered too; ServerProcess files responses under integer ids only, so it is found in Received.
        Assert.Contains(
            """{"jsonrpc":"2.0","id":"902","error":{"code":-32600,"message":"The params are neither an object nor an array."}}""",
            server.Received.Select(message => message.ToJsonString()));
        _ = text;
    }

    /// <summary>
    /// Defect 10 (docs/reliability.md), minimised from the fuzzer's traffic: before the fix, any request to a "$/"
    /// method (answered by ResilientMessageHandler itself) made StreamJsonRpc misread the next frame and end the
    /// connection with "No Content-Length header detected".
    /// </summary>
    [Fact]
    public async Task A_request_to_a_dollar_method_followed_by_another_message_keeps_the_connection()
    {
        await using var server = ServerProcess.Start(["--stdio"]);
        await server.InitializeAsync();
        var dollar = server.ExpectResponse(5);
        var next = server.ExpectResponse(7);

        await server.SendContentAsync(Encoding.UTF8.GetBytes("""{"jsonrpc":"2.0","id":5,"method":"$/unknown","params":null}"""));
        await server.SendContentAsync(Encoding.UTF8.GetBytes("""{"jsonrpc":"2.0","id":7,"method":"x/aqjlxv","params":{"a":{"b":[]}}}"""));

        Assert.Equal(
            """{"jsonrpc":"2.0","id":5,"error":{"code":-32601,"message":"No method by the name \u0027$/unknown\u0027 is found."}}""",
            (await dollar.WaitAsync(TimeSpan.FromSeconds(20))).ToJsonString());
        Assert.Equal(-32601, (await next.WaitAsync(TimeSpan.FromSeconds(20)))["error"]?["code"]?.GetValue<int>());
        Assert.False(server.HasExited);
        Assert.DoesNotContain("The connection to the client broke", server.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_response_to_a_request_the_server_never_sent_is_ignored()
    {
        await using var server = ServerProcess.Start(["--stdio"]);
        await server.InitializeAsync();

        await server.SendContentAsync(Encoding.UTF8.GetBytes("""{"jsonrpc":"2.0","id":777,"result":null}"""));
        await server.SendContentAsync(Encoding.UTF8.GetBytes("""{"jsonrpc":"2.0","id":"778","error":{"code":-1,"message":"no"}}"""));
        var status = await server.RequestAsync("glm/getStatus", new JsonObject(), TimeSpan.FromSeconds(20));

        Assert.Equal("idle", status["result"]?["state"]?.GetValue<string>());
        Assert.Contains("Ignored a response to request 777, which the server never sent", server.Stderr, StringComparison.Ordinal);
        Assert.Contains("Ignored a response to request 778, which the server never sent", server.Stderr, StringComparison.Ordinal);
    }
}
