using System.Diagnostics;
using Glm.Inference.Native;
using LLama;
using LLama.Common;
using LLama.Native;

namespace Glm.Lsp.Bench.Server;

/// <summary>
/// The baseline of the throughput figures: LLamaSharp and nothing else. It loads the model with the engine's context
/// parameters, evaluates a prompt in batch-size chunks and generates greedily token by token, timing both. No queue,
/// no channel, no JSON-RPC: whatever the server path costs beyond this is overhead.
/// </summary>
internal sealed class BareDecodeLoop : IDisposable
{
    private const int BatchSize = 512;
    private readonly LLamaWeights weights;
    private readonly LLamaContext context;
    private readonly LLamaBatch batch = new();

    private BareDecodeLoop(LLamaWeights weights, LLamaContext context)
    {
        this.weights = weights;
        this.context = context;
    }

    /// <summary>Loads with LlamaEngine's context parameters (memory map, one sequence, batch 512, the engine's micro-batch),
    /// so the comparison measures the engine and server, not a different llama.cpp configuration.</summary>
    public static BareDecodeLoop Load(string modelPath, int contextSize, int threads)
    {
        NativeLogging.EnsureInitialized();
        var parameters = new ModelParams(modelPath)
        {
            ContextSize = (uint)contextSize,
            BatchSize = BatchSize,
            UBatchSize = Glm.Inference.Engine.EngineOptions.DefaultMicroBatchSize,
            Threads = threads,
            BatchThreads = threads,
            SeqMax = 1,
            LoadMode = LLamaLoadMode.MemoryMap,
        };
        var weights = LLamaWeights.LoadFromFile(parameters);
        return new BareDecodeLoop(weights, weights.CreateContext(parameters));
    }

    /// <summary>Evaluates <paramref name="promptTokens"/> arbitrary tokens, then generates <paramref name="generateTokens"/>.</summary>
    /// <returns>Prompt tokens per second and generated tokens per second.</returns>
    public (double PromptTokensPerSecond, double GenerationTokensPerSecond) Measure(int promptTokens, int generateTokens, int seed)
    {
        var handle = context.NativeHandle;
        handle.MemoryClear(true);
        var random = new Random(seed);
        // Ordinary tokens past the byte tokens and before the control tokens: what a tokenized document is made of.
        var vocabulary = weights.Vocab.Count;
        var tokens = Enumerable.Range(0, promptTokens).Select(_ => random.Next(256, vocabulary - 16)).ToArray();

        var promptClock = Stopwatch.StartNew();
        for (var start = 0; start < tokens.Length; start += BatchSize)
        {
            var length = Math.Min(BatchSize, tokens.Length - start);
            batch.Clear();
            for (var i = 0; i < length; i++)
            {
                batch.Add(tokens[start + i], start + i, LLamaSeqId.Zero, start + i == tokens.Length - 1);
            }

            Decode(handle);
        }

        var promptSeconds = promptClock.Elapsed.TotalSeconds;
        var position = tokens.Length;
        var generationClock = Stopwatch.StartNew();
        for (var generated = 0; generated < generateTokens; generated++)
        {
            var next = ArgMax(handle.GetLogitsIth(batch.TokenCount - 1));
            if (generated == generateTokens - 1)
            {
                // The engine samples its last token without evaluating it; so does the baseline.
                break;
            }

            batch.Clear();
            batch.Add(next, position++, LLamaSeqId.Zero, true);
            Decode(handle);
        }

        // Tokens after the first per second: the first comes from the prompt's logits, each further one costs one decode
        // step. The server's generation rate is counted the same way (after its first token).
        return (promptTokens / promptSeconds, Math.Max(1, generateTokens - 1) / generationClock.Elapsed.TotalSeconds);
    }

    public void Dispose()
    {
        context.Dispose();
        weights.Dispose();
    }

    private void Decode(SafeLLamaContextHandle handle)
    {
        var result = handle.Decode(batch);
        if (result != DecodeResult.Ok)
        {
            throw new InvalidOperationException($"llama_decode returned {result}.");
        }
    }

    private static int ArgMax(Span<float> logits)
    {
        var best = 0;
        for (var i = 1; i < logits.Length; i++)
        {
            if (logits[i] > logits[best])
            {
                best = i;
            }
        }

        return best;
    }
}
