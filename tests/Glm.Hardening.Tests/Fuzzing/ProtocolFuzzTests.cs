using System.Text.Json.Nodes;
using CsCheck;
using Glm.Hardening.Tests.Infrastructure;
using Glm.Inference.TestModels;
using Xunit.Abstractions;

namespace Glm.Hardening.Tests.Fuzzing;

/// <summary>
/// Generated traffic against the real <c>glm-lsp --stdio</c>: after every batch the server must be alive, must have
/// answered every request it was sent (a result or one of the protocol's client-error codes, never an internal
/// error), and its document store must equal <see cref="DocumentModel"/>'s account of the valid messages.
/// </summary>
public sealed class ProtocolFuzzTests(ITestOutputHelper output)
{
    /// <summary>Error codes a client mistake may earn; InternalError (−32603) and StreamJsonRpc's −32000 mean a server bug.</summary>
    private static readonly HashSet<int> ClientErrorCodes = [-32700, -32600, -32601, -32602, -32800, -32801, -32803];

    private static readonly int Batches = HardeningScale.Pick(bounded: 10, longForm: 300);

    private const int BatchSize = 400;

    [Fact]
    public async Task Generated_messages_never_take_the_server_down_and_the_document_store_follows_the_valid_ones()
    {
        // Short answers and hovers keep the bounded form fast; the protocol paths are the same.
        await using var server = await ServerProcess.StartReadyAsync(
            TestModels.Predictable(), initializationOptions: new JsonObject { ["threads"] = 1, ["maxTokens"] = 8, ["hoverTimeBudgetMs"] = 50 });
        var model = new DocumentModel();
        var sent = 0;
        var seed = Environment.GetEnvironmentVariable("GLM_FUZZ_SEED");

        await Check.SampleAsync(
            FuzzGenerators.Batch(BatchSize),
            async batch =>
            {
                var expected = new List<(long Id, Task<JsonObject> Response, FuzzOperation Operation)>();
                foreach (var operation in batch)
                {
                    var (content, id) = FuzzRenderer.Render(operation, server.NewId);
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
                        throw new InvalidOperationException($"the server died before {Describe(operation)}:\n{Tail(server.Stderr)}", exception);
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
                    if (message["error"]?["code"]?.GetValue<int>() is { } code && !ClientErrorCodes.Contains(code))
                    {
                        throw new InvalidOperationException($"request {id} ({operation}) got a server error: {message.ToJsonString()[..Math.Min(600, message.ToJsonString().Length)]}");
                    }
                }

                await AssertStoreMatchesAsync(server, model);
                sent += FuzzGenerators.TrackedDocuments;
            },
            iter: Batches,
            threads: 1,
            seed: seed,
            print: batch => $"{batch.Length} operations");

        Assert.False(server.HasExited, server.Stderr);
        Assert.Equal(0, server.MalformedFrames);
        Assert.DoesNotContain("Unhandled exception", server.Stderr, StringComparison.Ordinal);
        output.WriteLine($"{sent} messages sent in {Batches} batches; {server.Stderr.Split('\n').Count(line => line.Contains("warn:", StringComparison.Ordinal))} warnings logged");
    }

    private static string Describe(FuzzOperation operation) => operation switch
    {
        WrongTypeOperation wrong => $"wrong type #{wrong.MemberChoice}={wrong.ReplacementJson[..Math.Min(40, wrong.ReplacementJson.Length)]} in {Describe(wrong.Inner)}",
        PositionRequestOperation request => request.ToString(),
        UnknownMethodOperation unknown => $"unknown {unknown.Method} {unknown.ParamsJson[..Math.Min(40, unknown.ParamsJson.Length)]}",
        _ => operation.GetType().Name,
    };

    private static string Tail(string text) => text[Math.Max(0, text.Length - 3000)..];

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
            if (text != expected.Value.Text)
            {
                throw new InvalidOperationException($"document {doc}: server holds {FuzzRenderer.Json(text[..Math.Min(300, text.Length)])} ({text.Length} chars), model {FuzzRenderer.Json(expected.Value.Text[..Math.Min(300, expected.Value.Text.Length)])} ({expected.Value.Text.Length} chars)");
            }
        }
    }
}
