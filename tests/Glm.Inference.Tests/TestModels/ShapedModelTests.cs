using System.Diagnostics;
using System.Text;
using Glm.Inference.Gguf;
using Glm.Inference.Native;
using Glm.TestModels;
using LLama.Common;
using LLama.Native;
using LLama;
using Xunit.Abstractions;

namespace Glm.Inference.Tests.TestModels;

/// <summary>One-layer ChatGLM3-6B-shaped random models load in llama.cpp and decode (the full-size layers are slow, so
/// one layer is enough to prove the shapes).</summary>
[Trait("Speed", "Slow")]
public sealed class ShapedModelTests(ITestOutputHelper output)
{
    [Theory]
    [InlineData(GgmlType.Q4_0)]
    [InlineData(GgmlType.Q8_0)]
    [InlineData(GgmlType.Q4_K)]
    public void A_one_layer_chatglm3_6b_shaped_model_loads_and_decodes_a_few_tokens(GgmlType type)
    {
        var clock = Stopwatch.StartNew();
        var path = TestModelFiles.Shaped(GlmShape.ChatGlm3_6B, 1, type);
        var built = clock.Elapsed;
        NativeLogging.EnsureInitialized();
        var parameters = new ModelParams(path)
        {
            ContextSize = 256,
            BatchSize = 256,
            Threads = 1,
            BatchThreads = 1,

            // LLamaSharp defaults to LoadMode.None (the whole file is read and copied); mmap is llama.cpp's default.
            LoadMode = LLamaLoadMode.MemoryMap,
        };

        clock.Restart();
        using var weights = LLamaWeights.LoadFromFile(parameters);
        var loaded = clock.Elapsed;
        using var context = weights.CreateContext(parameters);

        Assert.Equal(4096, weights.EmbeddingSize);
        Assert.Equal(1, weights.NativeHandle.LayerCount);
        Assert.Equal(32, weights.NativeHandle.HeadCount);
        Assert.Equal(2, weights.NativeHandle.KVHeadCount);
        Assert.Equal(65024, weights.Vocab.Count);
        Assert.Equal("chatglm", weights.Metadata["general.architecture"]);
        // A 13,696-wide FFN row is not a whole number of 256-weight K-quant blocks: llama.cpp's quantizer would use Q5_0.
        var file = GgufReader.Read(path);
        Assert.True(file.TryGetTensor("blk.0.ffn_up.weight", out var up));
        Assert.True(file.TryGetTensor("blk.0.ffn_down.weight", out var down));
        Assert.Equal(type, up.Type);
        Assert.Equal(type == GgmlType.Q4_K ? GgmlType.Q5_0 : type, down.Type);

        // "Hello" under the synthetic merges: "He" (the lowest-ranked pair), then "ll" beats "lo", and "o" stays a byte.
        var prompt = weights.Tokenize("[gMASK]<sop>Hello", false, true, Encoding.UTF8).Select(t => (int)t).ToArray();
        Assert.Equal([65016, 65018, 256 + ('H' * 256) + 'e', 256 + ('l' * 256) + 'l', 'o'], prompt);

        var batch = new LLamaBatch();
        for (var i = 0; i < prompt.Length; i++)
        {
            batch.Add(prompt[i], i, LLamaSeqId.Zero, i == prompt.Length - 1);
        }

        clock.Restart();
        Assert.Equal(DecodeResult.Ok, context.NativeHandle.Decode(batch));
        var generated = new List<int>();
        for (var step = 0; step < 4; step++)
        {
            var logits = context.NativeHandle.GetLogitsIth(batch.TokenCount - 1).ToArray();
            Assert.All(logits, value => Assert.True(float.IsFinite(value)));
            var next = Array.IndexOf(logits, logits.Max());
            generated.Add(next);
            batch.Clear();
            batch.Add(next, prompt.Length + step, LLamaSeqId.Zero, true);
            Assert.Equal(DecodeResult.Ok, context.NativeHandle.Decode(batch));
        }

        Assert.Equal(4, generated.Count);
        Assert.All(generated, id => Assert.InRange(id, 0, 65023));
        output.WriteLine($"{type}: built/cached in {built.TotalSeconds:F1} s, loaded in {loaded.TotalSeconds:F1} s, prompt + 4 tokens in {clock.Elapsed.TotalMilliseconds:F0} ms, file {new FileInfo(path).Length / 1e6:F0} MB");
    }

    [Fact]
    public void The_synthetic_vocabulary_has_the_requested_size_with_glm_special_tokens_last()
    {
        var vocabulary = SyntheticVocabulary.Create(GlmShape.Glm4_9B.VocabularySize);

        Assert.Equal(151552, vocabulary.Tokens.Count);
        Assert.Equal(151552 - 10, vocabulary.FirstSpecialId);
        Assert.Equal("<|endoftext|>", vocabulary.Tokens[151542]);
        Assert.Equal("<|observation|>", vocabulary.Tokens[151551]);
        Assert.Equal("ĀĀ", vocabulary.Tokens[256]);
        Assert.Equal("Ā Ā", vocabulary.Merges[0]);
        Assert.Equal("ĀĀ Ā", vocabulary.Merges[65536]);
        Assert.Equal(vocabulary.Tokens.Count, vocabulary.Tokens.Distinct().Count());
    }

    [Fact]
    public void A_one_layer_glm4_9b_shaped_model_loads_its_151552_token_vocabulary_in_llama_cpp()
    {
        var clock = Stopwatch.StartNew();
        var path = TestModelFiles.Shaped(GlmShape.Glm4_9B, 1, GgmlType.Q4_0);
        var built = clock.Elapsed;
        NativeLogging.EnsureInitialized();

        // Vocabulary-only: the 151k-token vocabulary and merges are what differ from ChatGLM3; the layers are the same.
        using var weights = LLamaWeights.LoadFromFile(new ModelParams(path) { VocabOnly = true, LoadMode = LLamaLoadMode.MemoryMap });

        Assert.Equal(151552, weights.Vocab.Count);
        Assert.Equal(151542, (int)weights.Vocab.EOS!.Value);
        Assert.Equal(151549, (int)weights.Vocab.EOT!.Value);

        // Three 0x01 bytes: the pair merge (rank 257) and then the triple merge make one token.
        Assert.Equal([256 + 65536 + (257 * 256) + 1], weights.Tokenize("\u0001\u0001\u0001", false, true, Encoding.UTF8).Select(t => (int)t));
        output.WriteLine($"glm-4-9b 1 layer Q4_0: built/cached in {built.TotalSeconds:F1} s, file {new FileInfo(path).Length / 1e6:F0} MB");
    }
}
