using Glm.Inference.Gguf;
using Glm.Inference.Tokenization;
using Glm.TestModels.Gguf;
using Glm.TestModels;

namespace Glm.Inference.Tests.Gguf;

/// <summary>
/// A tiny but complete GLM model for validator tests: E 64, 4 heads of 16 (2 KV heads), FFN 128,
/// 2 blocks, a 300-token byte-level vocabulary (256 bytes, 34 merges, 10 control tokens), F32 weights.
/// Tests take the writer, break one thing, and write it.
/// </summary>
internal static class TinyGlmModel
{
    public const int Embedding = 64;
    public const int Heads = 4;
    public const int KvHeads = 2;
    public const int FeedForward = 128;
    public const int Blocks = 2;
    public const int VocabularySize = 300;

    public static IReadOnlyList<string> ControlTokens => GlmSpecialTokens.All;

    private static readonly string[] MergeWords =
        ["the", "Ġthe", "and", "Ġand", "ing", "Ġis", "Ġof", "Ġto", "er", "in", "on", "at", "re", "ed", "Ġa", "Ġin", "Ġit", "es", "or", "an", "Ġthat", "Ġwith", "Ġfor", "ion", "ent", "Ġhello", "Ġworld"];

    /// <summary>Tokens (bytes, merge results, control tokens), their types and the merges.</summary>
    public static (string[] Tokens, int[] Types, string[] Merges) Vocabulary()
    {
        var tokens = ByteLevelAlphabet.ByteTokens.ToList();

        var merges = new List<string>();
        var known = tokens.ToHashSet();
        var mergeCount = VocabularySize - 256 - ControlTokens.Count;
        foreach (var word in MergeWords)
        {
            var current = word[..1];
            foreach (var c in word[1..])
            {
                var next = current + c;
                if (merges.Count < mergeCount && known.Add(next))
                {
                    merges.Add($"{current} {c}");
                    tokens.Add(next);
                }

                current = next;
            }
        }

        if (merges.Count != mergeCount)
        {
            throw new InvalidOperationException($"The merge word list yields {merges.Count} merges, {mergeCount} needed.");
        }

        var types = Enumerable.Repeat(1, tokens.Count).Concat(Enumerable.Repeat(3, ControlTokens.Count)).ToArray();
        tokens.AddRange(ControlTokens);
        return (tokens.ToArray(), types, merges.ToArray());
    }

    /// <summary>A writer holding a valid model of <paramref name="architecture"/> (chatglm or glm4).</summary>
    public static GgufWriter CreateWriter(string architecture = "chatglm")
    {
        var (tokens, types, merges) = Vocabulary();
        var writer = new GgufWriter();
        var a = architecture;
        writer.AddString("general.architecture", a);
        writer.AddString("general.name", "tiny-" + a);
        writer.AddUInt32($"{a}.context_length", 256);
        writer.AddUInt32($"{a}.embedding_length", Embedding);
        writer.AddUInt32($"{a}.feed_forward_length", FeedForward);
        writer.AddUInt32($"{a}.block_count", Blocks);
        writer.AddUInt32($"{a}.attention.head_count", Heads);
        writer.AddUInt32($"{a}.attention.head_count_kv", KvHeads);
        writer.AddFloat32($"{a}.attention.layer_norm_rms_epsilon", 1e-5f);
        writer.AddUInt32($"{a}.rope.dimension_count", Embedding / Heads / 2);
        writer.AddFloat32($"{a}.rope.freq_base", 10000f);
        writer.AddString("tokenizer.ggml.model", "gpt2");
        writer.AddString("tokenizer.ggml.pre", "chatglm-bpe");
        writer.AddStringArray("tokenizer.ggml.tokens", tokens);
        writer.AddInt32Array("tokenizer.ggml.token_type", types);
        writer.AddStringArray("tokenizer.ggml.merges", merges);
        writer.AddUInt32("tokenizer.ggml.eos_token_id", (uint)Array.IndexOf(tokens, "<|endoftext|>"));
        writer.AddUInt32("tokenizer.ggml.eot_token_id", (uint)Array.IndexOf(tokens, "<|user|>"));

        const int headDim = Embedding / Heads;
        const int qkv = Embedding + (2 * headDim * KvHeads);
        var seed = 1;
        void Tensor(string name, params long[] dims) => AddRandom(writer, name, dims, seed++);
        Tensor("token_embd.weight", Embedding, VocabularySize);
        Tensor("output_norm.weight", Embedding);
        for (var n = 0; n < Blocks; n++)
        {
            Tensor($"blk.{n}.attn_norm.weight", Embedding);
            Tensor($"blk.{n}.attn_qkv.weight", Embedding, qkv);
            Tensor($"blk.{n}.attn_qkv.bias", qkv);
            Tensor($"blk.{n}.attn_output.weight", Embedding, Embedding);
            if (a == "glm4")
            {
                Tensor($"blk.{n}.post_attention_norm.weight", Embedding);
            }

            Tensor($"blk.{n}.ffn_norm.weight", Embedding);
            Tensor($"blk.{n}.ffn_up.weight", Embedding, 2 * FeedForward);
            Tensor($"blk.{n}.ffn_down.weight", FeedForward, Embedding);
            if (a == "glm4")
            {
                Tensor($"blk.{n}.post_ffw_norm.weight", Embedding);
            }
        }

        Tensor("output.weight", Embedding, VocabularySize);
        return writer;
    }

    /// <summary>Declares an F32 tensor of small deterministic pseudo-random values.</summary>
    public static void AddRandom(GgufWriter writer, string name, long[] dims, int seed)
    {
        writer.AddTensor(name, dims, GgmlType.F32, sink =>
        {
            var random = new Random(seed);
            var row = new float[dims[0]];
            var rows = dims.Skip(1).Aggregate(1L, (x, y) => x * y);
            for (long r = 0; r < rows; r++)
            {
                for (var i = 0; i < row.Length; i++)
                {
                    row[i] = (float)(random.NextDouble() - 0.5) * 0.2f;
                }

                sink.Write(row);
            }
        });
    }

    /// <summary>Replaces a metadata entry (remove, then add the new value).</summary>
    public static void Replace(GgufWriter writer, string key, GgufValue value)
    {
        writer.RemoveMetadata(key);
        writer.Add(key, value);
    }
}
