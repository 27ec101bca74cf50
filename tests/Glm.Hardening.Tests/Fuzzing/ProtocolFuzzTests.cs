using System.Text.Json.Nodes;
using CsCheck;
using Glm.Hardening.Tests.Infrastructure;
using Glm.TestModels;
using Xunit.Abstractions;

namespace Glm.Hardening.Tests.Fuzzing;

/// <summary>
/// Generated traffic against the real <c>glm-lsp --stdio</c>: after every batch the server must be alive, must have
/// answered every request it was sent (a result or one of the protocol's client-error codes, never an internal
/// error), and its document store must equal <see cref="DocumentModel"/>'s account of the valid messages.
/// </summary>
[Trait("Speed", "Slow")]
public sealed class ProtocolFuzzTests(ITestOutputHelper output)
{
    /// <summary>Error codes a client mistake may earn; InternalError (−32603) and StreamJsonRpc's −32000 mean a server bug.</summary>
    private static readonly HashSet<int> ClientErrorCodes = [-32700, -32600, -32601, -32602, -32800, -32801, -32803];

    private static readonly int Batches = HardeningScale.Pick(bounded: 50, longForm: 1000);

    private const int BatchSize = 400;

    [Fact]
    public async Task Generated_messages_never_take_the_server_down_and_the_document_store_follows_the_valid_ones()
    {
        await using var server = await StartAsync();
        var model = new DocumentModel();
        var sent = 0;
        var seed = Environment.GetEnvironmentVariable("GLM_FUZZ_SEED");

        // No restart path: the server must survive every batch (the connection loss once seen every few thousand
        // messages is docs/reliability.md defect 10). A dead server fails the batch with the frames sent before.
        await Check.SampleAsync(
            FuzzGenerators.Batch(BatchSize),
            RunBatchAsync,
            iter: Batches,
            threads: 1,
            seed: seed,
            print: batch => $"{batch.Length} operations");

        async Task RunBatchAsync(FuzzOperation[] batch)
        {
                var expected = new List<(long Id, Task<JsonObject> Response, FuzzOperation Operation)>();
                var recent = new Queue<string>();
                foreach (var operation in batch)
                {
                    var (content, id) = FuzzRenderer.Render(operation, server.NewId);
                    recent.Enqueue($"{Describe(operation)} ({content.Length} bytes): {System.Text.Encoding.UTF8.GetString(content[..Math.Min(160, content.Length)])}");
                    if (recent.Count > 4)
                    {
                        recent.Dequeue();
                    }

                    if (id is { } requestId)
                    {
                        expected.Add((requestId, server.ExpectResponse(requestId), operation));
                    }

                    try
                    {
                        await server.SendContentAsync(content);
                    }
                    catch (IOException exception)
                    {
                        throw new InvalidOperationException($"the server died after:\n{string.Join('\n', recent)}\n{Tail(server.Stderr)}", exception);
                    }

                    model.Apply(operation);
                    sent++;
                }

                foreach (var (id, response, operation) in expected)
                {
                    var message = await response.WaitAsync(TimeSpan.FromSeconds(30)).ContinueWith(
                        task => task.IsCompletedSuccessfully ? task.Result : throw new InvalidOperationException(
                            $"request {id} ({Describe(operation)}) got no answer; server alive: {!server.HasExited}\n{Tail(server.Stderr)}", task.Exception),
                        TaskScheduler.Default);
                    if (operation is UnknownMethodOperation { IsRequest: true } unknown && !FuzzRenderer.IsStructured(unknown.ParamsJson))
                    {
                        Assert.Equal(
                            $$$"""{"jsonrpc":"2.0","id":{{{id}}},"error":{"code":-32600,"message":"The params are neither an object nor an array."}}""",
                            message.ToJsonString());
                    }

                    if (message["error"]?["code"]?.GetValue<int>() is { } code && !ClientErrorCodes.Contains(code))
                    {
                        throw new InvalidOperationException($"request {id} ({operation}) got a server error: {message.ToJsonString()[..Math.Min(600, message.ToJsonString().Length)]}");
                    }
                }

                await AssertStoreMatchesAsync(server, model);
                sent += FuzzGenerators.TrackedDocuments;
        }

        Assert.False(server.HasExited, Tail(server.Stderr));
        Assert.Equal(0, server.MalformedFrames);
        Assert.DoesNotContain("The connection to the client broke", server.Stderr, StringComparison.Ordinal);
        Assert.DoesNotContain("Unhandled exception", server.Stderr, StringComparison.Ordinal);
        output.WriteLine($"{sent} messages sent in {Batches} batches, 0 connections lost");
    }

    private static Task<ServerProcess> StartAsync() =>
        // Short answers and hovers keep the bounded form fast; the protocol paths are the same.
        ServerProcess.StartReadyAsync(
            TestModelFiles.Predictable(), initializationOptions: new JsonObject { ["threads"] = 1, ["maxTokens"] = 8, ["hoverTimeBudgetMs"] = 50 });

    private static string Describe(FuzzOperation operation) => operation switch
    {
        WrongTypeOperation wrong => $"wrong type #{wrong.MemberChoice}={wrong.ReplacementJson[..Math.Min(40, wrong.ReplacementJson.Length)]} in {Describe(wrong.Inner)}",
        PositionRequestOperation request => request.ToString(),
        UnknownMethodOperation unknown => $"unknown {unknown.Method} {unknown.ParamsJson[..Math.Min(40, unknown.ParamsJson.Length)]}",
        _ => operation.GetType().Name,
    };

    /// <summary>The end of the log without the expected warnings, so the line that explains a failure shows.</summary>
    private static string Tail(string text)
    {
        var lines = text.Split('\n').Where(line => !line.Contains("warn:", StringComparison.Ordinal)).TakeLast(30);
        return string.Join('\n', lines);
    }

    private static async Task AssertStoreMatchesAsync(ServerProcess server, DocumentModel model)
    {
        for (var doc = 0; doc < FuzzGenerators.TrackedDocuments; doc++)
        {
            var response = await server.RequestAsync("glm/debug/documentText", new JsonObject { ["uri"] = FuzzRenderer.TrackedUri(doc) }, TimeSpan.FromSeconds(60));
            var expected = model.Get(doc);
            var result = response["result"];
            if (expected is null)
            {
                Assert.Null(result);
                continue;
            }

            Assert.NotNull(result);
            Assert.Equal(expected.Value.Version, result["version"]!.GetValue<int>());
            var text = result["text"]!.GetValue<string>();

            // An edit may split a surrogate pair, leaving a lone surrogate in the held text; System.Text.Json writes it
            // as U+FFFD, so the comparison is made on the text as it can travel.
            var expectedText = DocumentModel.AsReceived(expected.Value.Text);
            if (text != expectedText)
            {
                throw new InvalidOperationException($"document {doc}: server holds {FuzzRenderer.Json(text[..Math.Min(300, text.Length)])} ({text.Length} chars), model {FuzzRenderer.Json(expectedText[..Math.Min(300, expectedText.Length)])} ({expectedText.Length} chars)");
            }
        }
    }
}
