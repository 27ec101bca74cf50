using System.Diagnostics;
using System.Text;
using Glm.Inference.Engine;
using Glm.Inference.Native;
using LLama.Native;
using LLama;

namespace Glm.Tools.Bench;

/// <summary>
/// The baseline of the speed targets: the shortest loop LLamaSharp allows — batch-decode the prompt in n_batch chunks,
/// then greedy single-token decodes — on its own weights and context, with the engine's parameters
/// (<see cref="EngineParameters"/>), so any gap to the engine (or to the server around it) is their overhead. No queue,
/// no channel, no JSON-RPC. The one baseline of every speed section.
/// </summary>
internal sealed class BareLlamaLoop : IDisposable
{
    private readonly LLamaWeights weights;
    private readonly LLamaContext context;
    private readonly LLamaBatch batch = new();
    private readonly int batchSize;
    private readonly int? cpu;

    private BareLlamaLoop(LLamaWeights weights, LLamaContext context, int? cpu)
    {
        this.weights = weights;
        this.context = context;
        this.cpu = cpu;
        batchSize = (int)context.BatchSize;
    }

    public static async Task<BareLlamaLoop> LoadAsync(EngineOptions options, CancellationToken cancellationToken)
    {
        NativeLogging.EnsureInitialized();
        var parameters = EngineParameters.Create(options);
        var weights = await LLamaWeights.LoadFromFileAsync(parameters, cancellationToken);
        try
        {
            return new BareLlamaLoop(weights, weights.CreateContext(parameters), options.InferenceCpu);
        }
        catch
        {
            weights.Dispose();
            throw;
        }
    }

    /// <summary>Tokenizes as the engine does for a raw prompt: special tokens parsed, no BOS.</summary>
    public int[] Tokenize(string text) => [.. weights.NativeHandle.Tokenize(text, false, true, Encoding.UTF8).Select(t => (int)t)];

    /// <summary>
    /// <paramref name="count"/> ordinary tokens drawn from <paramref name="seed"/>: past the 256 byte tokens and before the
    /// control tokens at the end of the vocabulary, what a tokenized document is made of. Their values do not change the
    /// work of a decode, only that no two prompts share a prefix.
    /// </summary>
    public int[] RandomTokens(int count, int seed)
    {
        var random = new Random(seed);
        var vocabulary = weights.Vocab.Count;
        return [.. Enumerable.Range(0, count).Select(_ => random.Next(256, vocabulary - 16))];
    }

    /// <summary>
    /// Evaluates <paramref name="prompt"/> from an empty KV cache and generates <paramref name="tokensToGenerate"/>
    /// tokens greedily (end-of-text does not stop it). As in the engine, the first token comes from the prompt's logits
    /// and the last one is not decoded: the prompt time ends with the first token, the generation time covers the rest.
    /// </summary>
    public DecodeTimings Run(IReadOnlyList<int> prompt, int tokensToGenerate, CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(prompt.Count, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(tokensToGenerate, 1);
        // On the engine's CPU (EngineOptions.InferenceCpu) for the run, like the engine's inference thread.
        return ThreadAffinity.RunOn(cpu, () => RunPinned(prompt, tokensToGenerate, cancellationToken));
    }

    private DecodeTimings RunPinned(IReadOnlyList<int> prompt, int tokensToGenerate, CancellationToken cancellationToken)
    {
        var sequence = (LLamaSeqId)0;
        context.NativeHandle.MemorySequenceRemove(sequence, 0, -1);

        var promptClock = Stopwatch.StartNew();
        var logitsIndex = 0;
        for (var start = 0; start < prompt.Count; start += batchSize)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var length = Math.Min(batchSize, prompt.Count - start);
            batch.Clear();
            for (var i = 0; i < length; i++)
            {
                batch.Add(prompt[start + i], start + i, sequence, start + i == prompt.Count - 1);
            }

            Decode();
            logitsIndex = length - 1;
        }

        var token = Argmax(context.NativeHandle.GetLogitsIth(logitsIndex));
        var promptTime = promptClock.Elapsed;

        var generationClock = Stopwatch.StartNew();
        var position = prompt.Count;
        for (var generated = 1; generated < tokensToGenerate; generated++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            batch.Clear();
            batch.Add(token, position++, sequence, true);
            Decode();
            token = Argmax(context.NativeHandle.GetLogitsIth(0));
        }

        return new DecodeTimings(prompt.Count, promptTime, tokensToGenerate, generationClock.Elapsed);
    }

    /// <summary>
    /// The median time of one decode call over <paramref name="batchTokens"/> tokens with logits at every position,
    /// appended after <paramref name="prompt"/> and removed again: the cost of a speculative verification step.
    /// </summary>
    public TimeSpan TimeVerifyStep(IReadOnlyList<int> prompt, int batchTokens, int repeats, CancellationToken cancellationToken) =>
        ThreadAffinity.RunOn(cpu, () =>
        {
            var sequence = (LLamaSeqId)0;
            context.NativeHandle.MemorySequenceRemove(sequence, 0, -1);
            batch.Clear();
            for (var i = 0; i < prompt.Count; i++)
            {
                batch.Add(prompt[i], i, sequence, i == prompt.Count - 1);
            }

            Decode();
            var times = new List<double>();
            for (var repeat = 0; repeat < repeats; repeat++)
            {
                cancellationToken.ThrowIfCancellationRequested();
                batch.Clear();
                for (var i = 0; i < batchTokens; i++)
                {
                    batch.Add(prompt[(repeat + i) % prompt.Count], prompt.Count + i, sequence, true);
                }

                var start = Stopwatch.GetTimestamp();
                Decode();
                times.Add(Stopwatch.GetElapsedTime(start).TotalMilliseconds);
                context.NativeHandle.MemorySequenceRemove(sequence, prompt.Count, -1);
            }

            return TimeSpan.FromMilliseconds(BenchMath.Median(times));
        });

    public void Dispose()
    {
        context.Dispose();
        weights.Dispose();
    }

    private void Decode()
    {
        var result = context.NativeHandle.Decode(batch);
        if (result != DecodeResult.Ok)
        {
            throw new InvalidOperationException($"llama_decode failed with {result} in the bare loop.");
        }
    }

    private static int Argmax(ReadOnlySpan<float> logits)
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
