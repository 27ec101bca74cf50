using System.Text;
using Glm.Inference.Gguf;
using Glm.Inference.Native;
using Glm.Inference.Tests.Gguf;
using Glm.Inference.Tokenization;
using Glm.TestModels.Gguf;
using LLama.Common;
using LLama;

namespace Glm.Inference.Tests.Tokenization;

/// <summary>
/// Parity with llama.cpp on a vocabulary with many overlapping merge paths: a byte-level BPE trained
/// on mixed Chinese/English text, written as a tokenizer-only GGUF and loaded by llama.cpp with
/// vocab_only. Every text must split into exactly the same ids.
/// </summary>
public sealed class GlmTokenizerRealisticVocabularyTests : IDisposable
{
    private static readonly string[] UnseenTexts =
    [
        "The server answers the user's completion request with the cursor position.",
        "编辑器发送文档和光标位置，服务器返回补全。",
        "def add(left, right): return left + right  # 返回两个数的和",
        "numbers: 7, 42, 123, 4567, 89012, 3456789 and 1.5e-10",
        "   indented\n\n\n  lines\t\twith\r\n mixed   whitespace  ",
        "[gMASK]<sop><|system|>\nYou are a helpful assistant.<|user|>\n你好<|assistant|>\n",
        "<|user|><|user|>[gMASK]sop<sop>",
        "WE'LL SEE, they're here, it'd work, I've done it",
        "Ελληνικά, русский текст, العربية, 日本語のテキスト, 한국어",
        "emoji 😀👍🏽 and symbols ©®™ → ← ≥ ≤ ∑",
        "café naïve émigré résumé",
        "😀abc a𠀀b 𠀀, x😀 👍ok 扩展𠀂汉字",
        "a",
        " ",
        "\n",
        "",
    ];

    private readonly TempDirectory _directory = new();

    public void Dispose() => _directory.Dispose();

    // A small budget leaves words split into many sub-word paths; 800 merges almost exhaust the corpus (820).
    [Theory]
    [InlineData(150)]
    [InlineData(400)]
    [InlineData(800)]
    public void Splits_every_text_exactly_as_llama_cpp_does(int mergeCount)
    {
        var path = _directory.File($"mixed-vocab-{mergeCount}.gguf");
        var (tokens, merges) = WriteTokenizerOnlyGguf(path, mergeCount);
        var tokenizer = GlmTokenizer.FromGguf(GgufReader.Read(path));
        NativeLogging.EnsureInitialized();
        using var weights = LLamaWeights.LoadFromFile(new ModelParams(path) { VocabOnly = true, GpuLayerCount = 0 });

        var texts = MixedCorpus.Text.Split('\n').Concat(UnseenTexts).Append(MixedCorpus.Text).ToList();
        var mismatches = new List<string>();
        var tokenCount = 0;
        foreach (var text in texts)
        {
            var expected = LlamaCppTokenizerParity.Tokenize(weights, text);
            var actual = tokenizer.EncodeToIds(text);
            tokenCount += expected.Length;
            if (!expected.SequenceEqual(actual))
            {
                mismatches.Add($"{text}\n  llama.cpp: {LlamaCppTokenizerParity.Describe(expected, id => tokens[id])}\n  ours:      {LlamaCppTokenizerParity.Describe(actual, id => tokens[id])}");
            }
        }

        Assert.Empty(mismatches);
        Assert.Equal(mergeCount, merges.Count);
        // The vocabulary must actually compress: far fewer tokens than UTF-8 bytes.
        Assert.InRange(tokenCount, 1, texts.Sum(t => Encoding.UTF8.GetByteCount(t)) * 2 / 3);
    }

    private static (List<string> Tokens, List<string> Merges) WriteTokenizerOnlyGguf(string path, int mergeCount)
    {
        var (tokens, merges) = SimpleBpeTrainer.Train(MixedCorpus.Text, mergeCount);
        var types = Enumerable.Repeat(1, tokens.Count).ToList();
        foreach (var special in TinyGlmModel.ControlTokens)
        {
            tokens.Add(special);
            types.Add(3);
        }

        var writer = new GgufWriter();
        writer.AddString("general.architecture", "chatglm");
        writer.AddUInt32("chatglm.context_length", 256);
        writer.AddUInt32("chatglm.embedding_length", 64);
        writer.AddUInt32("chatglm.feed_forward_length", 128);
        writer.AddUInt32("chatglm.block_count", 1);
        writer.AddUInt32("chatglm.attention.head_count", 4);
        writer.AddUInt32("chatglm.attention.head_count_kv", 2);
        writer.AddFloat32("chatglm.attention.layer_norm_rms_epsilon", 1e-5f);
        writer.AddUInt32("chatglm.rope.dimension_count", 8);
        writer.AddFloat32("chatglm.rope.freq_base", 10000f);
        writer.AddString("tokenizer.ggml.model", "gpt2");
        writer.AddString("tokenizer.ggml.pre", "chatglm-bpe");
        writer.AddStringArray("tokenizer.ggml.tokens", tokens);
        writer.AddInt32Array("tokenizer.ggml.token_type", types);
        writer.AddStringArray("tokenizer.ggml.merges", merges);
        writer.AddUInt32("tokenizer.ggml.eos_token_id", (uint)tokens.IndexOf("<|endoftext|>"));
        writer.WriteTo(path);
        return (tokens, merges);
    }
}
