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

    /// <summary>GLM_FUZZ_BATCHES sets another length, e.g. the 100 batches (40,000 messages) of a memory check.</summary>
    private static readonly int Batches = int.TryParse(Environment.GetEnvironmentVariable("GLM_FUZZ_BATCHES"), out var batches)
        ? batches
        : HardeningScale.Pick(bounded: 50, longForm: 1000);

    /// <summary>The resident set a desktop tool may keep after hostile traffic (docs/reliability.md, defect 19).</summary>
    private const double MaxResidentMegabytes = 300;

    private const int BatchSize = 400;

    /// <summary>Each batch first reopens this many tracked documents with <see cref="LargeText"/>: large buffers come and go.</summary>
    private const int LargeReopens = 3;

    /// <summary>200,000 characters of mixed ASCII and CJK lines, so UTF-8 and UTF-16 lengths differ.</summary>
    private static readonly string LargeText = string.Concat(Enumerable.Repeat("Large document line, 山川异域，风月同天。\n", 200_000 / 32)).PadRight(200_000, 'z');

    [Fact]
    public async Task Generated_messages_never_take_the_server_down_and_the_document_store_follows_the_valid_ones()
    {
        await using var server = await StartAsync();
        var model = new DocumentModel();
        var sent = 0;
        var seed = Environment.GetEnvironmentVariable("GLM_FUZZ_SEED");
        var resident = new List<double>();

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
                var reopens = Enumerable.Range(0, LargeReopens).Select(doc => (FuzzOperation)new OpenOperation(doc, sent, LargeText));
                foreach (var operation in reopens.Concat(batch))
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
                resident.Add(server.ResidentMegabytes());
                if (resident.Count % 10 == 0)
                {
                    output.WriteLine($"after {sent} messages: {resident[^1]:F0} MiB resident");
                }
        }

        Assert.False(server.HasExited, Tail(server.Stderr));
        Assert.Equal(0, server.MalformedFrames);
        Assert.DoesNotContain("The connection to the client broke", server.Stderr, StringComparison.Ordinal);
        Assert.DoesNotContain("Unhandled exception", server.Stderr, StringComparison.Ordinal);
        output.WriteLine($"{sent} messages sent in {Batches} batches, 0 connections lost; resident {resident[0]:F0} MiB after the first batch, {resident[^1]:F0} MiB at the end, {resident.Max():F0} MiB at most");
        Assert.True(resident.Max() <= MaxResidentMegabytes, $"the server held {resident.Max():F0} MiB resident (at most {MaxResidentMegabytes} allowed)");
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
