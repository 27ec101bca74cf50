using System.Text.Json;
using Glm.Lsp.Models;
using Glm.Lsp.Composition;
using Glm.Lsp.Server;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Nerdbank.Streams;
using StreamJsonRpc;

namespace Glm.Lsp.Tests.Infrastructure;

/// <summary>The real server on one end of an in-memory duplex stream and a StreamJsonRpc client on the other.</summary>
public sealed class LspTestSession : IAsyncDisposable
{
    public const string FullCapabilities = """
        {"window":{"workDoneProgress":true},"workspace":{"configuration":true},"textDocument":{"inlineCompletion":{}}}
        """;

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    private LspTestSession(LanguageServer server, JsonRpc rpc, RecordingClient client, Task<int> exitCode)
    {
        Server = server;
        Rpc = rpc;
        Client = client;
        ExitCode = exitCode;
    }

    internal LanguageServer Server { get; }
    public JsonRpc Rpc { get; }
    public RecordingClient Client { get; }
    public Task<int> ExitCode { get; }

    public static LspTestSession Start(ServerStartOptions? options = null, RecordingClient? client = null, ILoggerFactory? loggerFactory = null)
    {
        var (serverStream, clientStream) = FullDuplexStream.CreatePair();
        var server = LanguageServer.Start(serverStream, serverStream, options ?? new ServerStartOptions(), loggerFactory ?? NullLoggerFactory.Instance);
        var exitCode = server.WaitForExitAsync(CancellationToken.None);
        var formatter = new SystemTextJsonFormatter { JsonSerializerOptions = Json };
        var rpc = new JsonRpc(new HeaderDelimitedMessageHandler(clientStream, clientStream, formatter));
        client ??= new RecordingClient();
        rpc.AddLocalRpcTarget(client);
        rpc.StartListening();
        return new LspTestSession(server, rpc, client, exitCode);
    }

    /// <summary>initialize + initialized, returning the raw initialize result.</summary>
    /// <param name="moreParams">More initialize members as JSON text without braces, such as <c>"rootUri":"file:///w"</c>.</param>
    public async Task<string> InitializeAsync(string capabilities = FullCapabilities, string? initializationOptions = null, string? moreParams = null)
    {
        var result = await RequestAsync("initialize", $$"""{"processId":null,"clientInfo":{"name":"test"},"capabilities":{{capabilities}}{{(initializationOptions is null ? "" : ",\"initializationOptions\":" + initializationOptions)}}{{(moreParams is null ? "" : "," + moreParams)}}}""");
        await NotifyAsync("initialized", "{}");
        return result;
    }

    /// <summary>Sends a request with <paramref name="parametersJson"/> as its params and returns the raw result.</summary>
    public async Task<string> RequestAsync(string method, string? parametersJson = null, CancellationToken cancellationToken = default)
    {
        var result = parametersJson is null
            ? await Rpc.InvokeWithCancellationAsync<JsonElement?>(method, [], cancellationToken)
            : await Rpc.InvokeWithParameterObjectAsync<JsonElement?>(method, Parse(parametersJson), cancellationToken);
        return result is { } element ? JsonText.Of(element) : "null";
    }

    public Task NotifyAsync(string method, string parametersJson) => Rpc.NotifyWithParameterObjectAsync(method, Parse(parametersJson));

    public async ValueTask DisposeAsync()
    {
        Rpc.Dispose();
        await Server.DisposeAsync();
    }

    private static JsonElement Parse(string json) => JsonDocument.Parse(json).RootElement.Clone();
}
