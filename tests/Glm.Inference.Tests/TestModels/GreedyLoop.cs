using System.Text;
using Glm.Inference.Native;
using LLama;
using LLama.Common;
using LLama.Native;

namespace Glm.Inference.Tests.TestModels;

/// <summary>
/// The bare llama.cpp path for tests: load weights, make a context, decode the prompt, take the argmax, decode it, and
/// repeat until an end-of-generation token. No sampler and no engine, so the tests see exactly what the weights say.
/// </summary>
internal sealed class GreedyLoop : IDisposable
{
    private readonly LLamaWeights weights;
    private readonly LLamaContext context;

    private GreedyLoop(LLamaWeights weights, LLamaContext context)
    {
        this.weights = weights;
        this.context = context;
    }

    public LLamaWeights Weights => weights;

    public static GreedyLoop Load(string path, uint contextSize = 512)
    {
        NativeLogging.EnsureInitialized();
        // LLamaSharp's ModelParams defaults to LoadMode.None (read the whole file); llama.cpp's own default is mmap, which
        // loads a 785 MB model in under a second instead of over ten.
        var parameters = new ModelParams(path)
        {
            ContextSize = contextSize,
            BatchSize = contextSize,
            Threads = 1,
            BatchThreads = 1,
            LoadMode = LLamaLoadMode.MemoryMap,
        };
        var weights = LLamaWeights.LoadFromFile(parameters);
        return new GreedyLoop(weights, weights.CreateContext(parameters));
    }

    public int[] Tokenize(string text) => weights.Tokenize(text, false, true, Encoding.UTF8).Select(t => (int)t).ToArray();

    /// <summary>Tokenizes as the engine does for hand-written prompts: control tokens only where
    /// <see cref="Glm.Inference.Tokenization.ScaffoldTokens"/> finds them, the text between them without special parsing.</summary>
    public int[] TokenizeScaffolded(string text, IEnumerable<string> controlTokens) =>
        Glm.Inference.Tokenization.ScaffoldTokens.Partition(text, controlTokens)
            .SelectMany(segment => weights.Tokenize(segment.Text, false, segment.IsSpecial, Encoding.UTF8).Select(t => (int)t))
            .ToArray();

    /// <summary>Renders a chat with the model's own template (llama.cpp's built-in format for it).</summary>
    public string ApplyChatTemplate(params (string Role, string Content)[] messages)
    {
        var template = new LLamaTemplate(weights, strict: false) { AddAssistant = true };
        foreach (var (role, content) in messages)
        {
            template.Add(role, content);
        }

        return Encoding.UTF8.GetString(template.Apply());
    }

    /// <summary>Generates greedily from <paramref name="prompt"/>; returns the generated token ids, without the end token.</summary>
    public GreedyResult Generate(string prompt, int maxTokens = 200) =>
        Generate(weights.Tokenize(prompt, false, true, Encoding.UTF8).Select(t => (int)t).ToArray(), maxTokens);

    /// <summary>Generates greedily from prompt tokens; <paramref name="isEnd"/> adds end tokens to llama.cpp's own.</summary>
    public GreedyResult Generate(IReadOnlyList<int> promptTokens, int maxTokens = 200, Func<int, bool>? isEnd = null)
    {
        var handle = context.NativeHandle;
        handle.MemoryClear(true);
        var batch = new LLamaBatch();
        for (var i = 0; i < promptTokens.Count; i++)
        {
            batch.Add(promptTokens[i], i, LLamaSeqId.Zero, i == promptTokens.Count - 1);
        }

        Decode(handle, batch);
        var position = promptTokens.Count;
        var generated = new List<int>();
        var bytes = new List<byte>();
        var stoppedAtEnd = false;
        var piece = new byte[64];
        while (generated.Count < maxTokens)
        {
            var next = ArgMax(handle.GetLogitsIth(batch.TokenCount - 1));
            if (IsEndOfGeneration(next) || isEnd?.Invoke(next) == true)
            {
                stoppedAtEnd = true;
                generated.Add(next);
                break;
            }

            generated.Add(next);
            var length = (int)weights.NativeHandle.TokenToSpan(next, piece, 0, false);
            bytes.AddRange(piece.AsSpan(0, length).ToArray());
            batch.Clear();
            batch.Add(next, position++, LLamaSeqId.Zero, true);
            Decode(handle, batch);
        }

        return new GreedyResult(generated, [.. bytes], stoppedAtEnd);
    }

    public bool IsEndOfGeneration(int token) => token == weights.Vocab.EOS || token == weights.Vocab.EOT;

    public void Dispose()
    {
        context.Dispose();
        weights.Dispose();
    }

    private static void Decode(SafeLLamaContextHandle handle, LLamaBatch batch)
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

/// <summary>What a greedy run produced: token ids (the last one is the end token when <see cref="StoppedAtEnd"/>), and
/// the UTF-8 bytes of the non-end tokens.</summary>
internal sealed record GreedyResult(IReadOnlyList<int> Tokens, byte[] Bytes, bool StoppedAtEnd)
{
    public string Text => Encoding.UTF8.GetString(Bytes);
}
