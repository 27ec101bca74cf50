using Glm.Inference.Engine;
using Glm.Inference.Generation;
using Microsoft.Extensions.Logging;

namespace Glm.Inference.Tests.Engine;

/// <summary>
/// The model failing mid-generation (issue #7), through a <see cref="DecodeFaultInjector"/> on the real llama.cpp
/// path, and the slot accounting that shows nothing is left busy or half-written afterwards.
/// </summary>
[Trait("Speed", "Slow")]
public sealed class LlamaEngineFaultTests
{
    private const string Prefix = "[gMASK]<sop>";
    private static readonly GenerationOptions FiveTokens = new() { MaxTokens = 5 };

    [Fact]
    public async Task A_decode_failure_mid_generation_fails_that_request_empties_its_slot_and_the_next_request_is_exact()
    {
        // Call 1 evaluates the prompt, call 2 the first generated token, call 3 the second: the failure is mid-generation.
        await using var engine = await LlamaEngine.LoadAsync(
            new EngineOptions(EngineTestModels.Long) { ContextSize = 2048, Slots = 2, Threads = 1 }, null, null, new DecodeFaultInjector(3), CancellationToken.None);
        var prompt = new RawPrompt(Prefix + EngineTestModels.Words(0, 10));

        var received = new List<string>();
        var failure = await Assert.ThrowsAsync<GenerationFailedException>(async () =>
        {
            await foreach (var chunk in engine.GenerateAsync(new GenerationRequest(prompt, FiveTokens)))
            {
                received.Add(chunk.Text);
            }
        });

        Assert.Equal(
            "The model failed mid-generation: llama_decode failed with an injected fault (FailDecodeCall) for 1 tokens of slot 0; the slot was emptied.",
            failure.Message);
        Assert.Equal(EngineTestModels.Words(10, 2), string.Concat(received));
        var afterFailure = engine.Statistics;
        Assert.Equal([new KvSlotState(0, false, 0), new KvSlotState(1, false, 0)], afterFailure.Slots);
        Assert.Equal(0, afterFailure.QueuedRequests);
        Assert.False(afterFailure.RequestRunning);

        var next = await engine.RunAsync(prompt, FiveTokens);

        Assert.Equal(EngineTestModels.Words(10, 5), next.Text);
        Assert.Equal(0, next.Stats.ReusedPromptTokens);
        Assert.Equal(12, next.Stats.PromptTokens);
    }

    [Fact]
    public async Task After_a_decode_failure_the_emptied_slot_serves_the_next_request_exactly_and_the_failure_is_logged()
    {
        // One slot, so the next request lands in the slot the failure emptied; its KV memory must be as empty as its list.
        var logger = new RecordingLogger();
        await using var engine = await LlamaEngine.LoadAsync(
            new EngineOptions(EngineTestModels.Long) { ContextSize = 2048, Slots = 1, Threads = 1 }, null, logger, new DecodeFaultInjector(3), CancellationToken.None);
        var prompt = new RawPrompt(Prefix + EngineTestModels.Words(0, 10));

        var failure = await Assert.ThrowsAsync<GenerationFailedException>(() => engine.RunAsync(prompt, FiveTokens));
        Assert.Equal([new KvSlotState(0, false, 0)], engine.Statistics.Slots);
        var next = await engine.RunAsync(prompt, FiveTokens);

        Assert.Equal(EngineTestModels.Words(10, 5), next.Text);
        Assert.Equal(0, next.Stats.ReusedPromptTokens);
        Assert.Equal(0, next.Stats.SlotId);
        // One line at error level; the stack trace only at debug level.
        var logged = logger.Lines.Where(l => l.Message.StartsWith("Generation failed", StringComparison.Ordinal)).ToList();
        Assert.Equal(
            [new LoggedLine(LogLevel.Error, $"Generation failed: {failure.Message}", null), new LoggedLine(LogLevel.Debug, "Generation failed", failure)],
            logged);
    }

    [Fact]
    public async Task A_decode_call_llama_cpp_refuses_fails_the_request_naming_its_result()
    {
        // Every draft is a token id the vocabulary does not have, so llama.cpp refuses the first verify step's batch.
        await using var engine = await LlamaEngine.LoadAsync(
            new EngineOptions(EngineTestModels.Long) { ContextSize = 2048, Slots = 1, Threads = 1, DrafterFactory = _ => new InvalidTokenDrafter() },
            null,
            null,
            CancellationToken.None);
        var prompt = new RawPrompt(Prefix + EngineTestModels.Words(0, 10));

        var failure = await Assert.ThrowsAsync<GenerationFailedException>(() => engine.RunAsync(prompt, FiveTokens));

        // The first verify step: the emitted token and a draft of three.
        Assert.Equal(
            "The model failed mid-generation: llama_decode failed with InvalidInputBatch for 4 tokens of slot 0; the slot was emptied.", failure.Message);
        Assert.Equal([new KvSlotState(0, false, 0)], engine.Statistics.Slots);
    }

    [Fact]
    public async Task Without_a_memory_map_a_model_file_truncated_in_place_while_loaded_still_generates_exactly()
    {
        var directory = Directory.CreateTempSubdirectory("glm-no-mmap-").FullName;
        try
        {
            var path = Path.Combine(directory, "model.gguf");
            File.Copy(EngineTestModels.Long, path);
            await using var engine = await LlamaEngine.LoadAsync(
                new EngineOptions(path) { ContextSize = 2048, Slots = 1, Threads = 1, UseMemoryMap = false }, null, null, CancellationToken.None);

            // With a mapping this would end the process with SIGBUS at the next decode; the read copy does not care.
            await using (var stream = new FileStream(path, FileMode.Open, FileAccess.Write, FileShare.ReadWrite | FileShare.Delete))
            {
                stream.SetLength(stream.Length / 2);
            }

            var result = await engine.RunAsync(new RawPrompt(Prefix + EngineTestModels.Words(0, 10)), FiveTokens);

            Assert.Equal(EngineTestModels.Words(10, 5), result.Text);
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }

    [Fact]
    public async Task After_a_request_every_slot_is_free_and_holds_the_prompt_and_all_but_the_last_generated_token()
    {
        await using var engine = await EngineTestModels.LoadAsync(EngineTestModels.Long);
        Assert.Equal([new KvSlotState(0, false, 0), new KvSlotState(1, false, 0)], engine.Statistics.Slots);

        var result = await engine.RunAsync(new RawPrompt(Prefix + EngineTestModels.Words(0, 10)), FiveTokens);

        var statistics = engine.Statistics;
        Assert.Equal([new KvSlotState(result.Stats.SlotId, false, 12 + 4), new KvSlotState(1 - result.Stats.SlotId, false, 0)], statistics.Slots.OrderBy(s => s.Id != result.Stats.SlotId));
        Assert.Equal(0, statistics.QueuedRequests);
        Assert.False(statistics.RequestRunning);
    }

    /// <summary>Drafts only a token id past the end of the vocabulary.</summary>
    private sealed class InvalidTokenDrafter : ITokenDrafter
    {
        public void Append(int token)
        {
        }

        public int Draft(Span<int> destination)
        {
            destination.Fill(1_000_000);
            return destination.Length;
        }
    }
}
