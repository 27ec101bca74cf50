using System.Diagnostics;
using System.Text;
using Glm.Inference.Engine;
using Glm.Inference.Generation;
using Glm.Inference.Gguf;
using Glm.Inference.Native;
using Glm.Inference.Prompts;
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

    [Theory]
    [InlineData(TestModelLayout.ChatGlm3, ModelProfile.ChatGlm3, "[gMASK]sop<|user|>", new[] { 64790, 64792, 64795 }, 2)]
    [InlineData(TestModelLayout.CodeGeeX4, ModelProfile.CodeGeeX4, "[gMASK]<sop><|user|>", new[] { 151331, 151333, 151336 }, 151329)]
    [InlineData(TestModelLayout.Glm4_0414, ModelProfile.Glm4_0414, "[gMASK]<sop><|user|>", new[] { 151331, 151333, 151336 }, 151329)]
    public async Task A_one_layer_shaped_model_in_a_real_vocabulary_layout_loads_with_the_real_ids_and_generates(
        TestModelLayout layout, ModelProfile profile, string controls, int[] controlIds, int endOfText)
    {
        var shape = layout == TestModelLayout.ChatGlm3 ? GlmShape.ChatGlm3_6B : GlmShape.Glm4_9B;
        var path = TestModelFiles.Shaped(shape, 1, GgmlType.Q4_0, layout);
        NativeLogging.EnsureInitialized();
        using (var weights = LLamaWeights.LoadFromFile(new ModelParams(path) { VocabOnly = true, LoadMode = LLamaLoadMode.MemoryMap }))
        {
            Assert.Equal(shape.VocabularySize, weights.Vocab.Count);
            Assert.Equal(controlIds, weights.Tokenize(controls, false, true, Encoding.UTF8).Select(t => (int)t));
            Assert.Equal(endOfText, (int)weights.Vocab.EOS!.Value);
            Assert.Equal(layout == TestModelLayout.Glm4_0414 ? "glm4" : "chatglm", weights.Metadata["general.architecture"]);
        }

        await using var engine = await LlamaEngine.LoadAsync(
            new EngineOptions(path) { ContextSize = 256, Slots = 1, Threads = 1, BatchSize = 256 }, null, null, CancellationToken.None);
        var stats = await GenerateAsync(engine, new RawPrompt(PromptFormatter.StartTokensFor(profile) + "Hello, world"), maxTokens: 4);

        Assert.Equal(profile, engine.Model.Profile);
        Assert.InRange(stats.GeneratedTokens, 1, 4);
        output.WriteLine($"{layout}: {stats.GeneratedTokens} tokens, stop {stats.StopReason}, file {new FileInfo(path).Length / 1e6:F0} MB");
    }

    [Fact]
    public void The_synthetic_sentencepiece_vocabulary_has_chatglm3s_ids_and_padding()
    {
        var vocabulary = SyntheticSentencePieceVocabulary.Create(GlmShape.ChatGlm3_6B.VocabularySize);

        Assert.Equal(65024, vocabulary.Tokens.Count);
        Assert.Equal(["<unk>", "<bos>", "<eos>", "<0x00>"], vocabulary.Tokens.Take(4));
        Assert.Equal("<0xFF>", vocabulary.Tokens[258]);
        Assert.Equal(GlmSpecialTokens.ChatGlm3Control, vocabulary.Tokens.Skip(64789).Take(9));
        Assert.Equal("[PAD64798]", vocabulary.Tokens[64798]);
        Assert.Equal([3, 5], new[] { vocabulary.TokenTypes[64790], vocabulary.TokenTypes[65023] });
        Assert.Equal(vocabulary.Tokens.Count, vocabulary.Tokens.Distinct().Count());
    }

    [Fact]
    public void The_codegeex4_synthetic_vocabulary_has_the_14_added_tokens_where_the_real_file_has_them()
    {
        var vocabulary = SyntheticVocabulary.CreateGlm4Added(GlmShape.Glm4_9B.VocabularySize);

        Assert.Equal(151552, vocabulary.Tokens.Count);
        Assert.Equal(GlmSpecialTokens.Glm4Added, vocabulary.Tokens.Skip(151329).Take(14));
        Assert.Equal(GlmSpecialTokens.Glm4Added, vocabulary.SpecialTokens);
        Assert.Equal("[PAD151343]", vocabulary.Tokens[151343]);
        Assert.Equal([1, 3, 5], new[] { vocabulary.TokenType(151328), vocabulary.TokenType(151342), vocabulary.TokenType(151343) });
        Assert.Equal(vocabulary.Tokens.Count, vocabulary.Tokens.Distinct().Count());
    }

    private static async Task<GenerationStats> GenerateAsync(LlamaEngine engine, Prompt prompt, int maxTokens)
    {
        var request = new GenerationRequest(prompt, GenerationOptions.Greedy with { MaxTokens = maxTokens });
        GenerationStats? stats = null;
        await foreach (var chunk in engine.GenerateAsync(request, CancellationToken.None))
        {
            stats ??= chunk.Completed;
        }

        return stats ?? throw new InvalidOperationException("The stream ended without stats.");
    }
}
