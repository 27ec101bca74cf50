using Glm.Inference.Gguf;
using Glm.TestModels.Gguf;

namespace Glm.TestModels;

/// <summary>
/// Writes <c>chatglm</c> GGUFs with a real model's dimensions and random weights, to measure load and decode costs
/// without downloading weights. Matrices use the chosen quantization, norms and biases F32. Random data comes from a
/// pool of pre-encoded blocks written over and over (decode speed does not depend on the values), so a 28-layer
/// ChatGLM3-6B-shaped Q4_0 file (about 3.5 GB) is limited by disk speed rather than by random numbers or quantization.
/// </summary>
public static class GlmShapeModelBuilder
{
    /// <summary>Bumped whenever the file the builder writes changes, so cached models are rebuilt.</summary>
    public const int Version = 2;

    private const float WeightAmplitude = 0.02f;
    private const int PoolValues = 1 << 20;

    public static void Write(string path, GlmShape shape, int blockCount, GgmlType matrixType)
    {
        if (matrixType is not (GgmlType.F32 or GgmlType.F16 or GgmlType.Q8_0 or GgmlType.Q4_0) && !RandomBlockPool.Supports(matrixType))
        {
            throw new ArgumentException($"Shaped models do not support {matrixType}.", nameof(matrixType));
        }

        if (blockCount < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(blockCount), blockCount, "A model needs at least one block.");
        }

        var hp = shape.ToHyperParameters(blockCount);
        var vocabulary = SyntheticVocabulary.Create(shape.VocabularySize);
        var writer = new GgufWriter();
        ChatGlmGgufLayout.AddHyperParameters(writer, hp, $"{shape.Name} shaped random ({blockCount} of {shape.BlockCount} layers, {matrixType})", FileTypeOf(matrixType));
        ChatGlmGgufLayout.AddTokenizer(
            writer,
            vocabulary.Tokens,
            Enumerable.Range(0, vocabulary.Tokens.Count).Select(vocabulary.TokenType).ToArray(),
            vocabulary.Merges,
            vocabulary.FirstSpecialId,
            Glm4ChatTemplate.Text);

        var fallbackType = FallbackFor(matrixType);
        var pool = EncodePool(matrixType);
        var fallbackPool = EncodePool(fallbackType);
        var normPool = EncodeConstantPool(1f);
        var biasPool = EncodePool(GgmlType.F32);
        var cursor = 0L;
        void Matrix(TensorDataSink sink) => WriteFromPool(sink, sink.Type == matrixType ? pool : fallbackPool, ref cursor);
        void Norm(TensorDataSink sink) => WriteFromPool(sink, normPool, ref cursor);
        void Bias(TensorDataSink sink) => WriteFromPool(sink, biasPool, ref cursor);

        var shapes = ChatGlmGgufLayout.TensorShapes(hp);
        void Add(string name, GgmlType type, Action<TensorDataSink> fill)
        {
            // Rows whose length is not a whole number of the type's blocks (ChatGLM's 13,696-wide FFN for 256-element
            // K-quant blocks) take the type llama.cpp's quantizer falls back to for them.
            var chosen = shapes[name][0] % GgmlTypeTraits.BlockSize(type) == 0 ? type : fallbackType;
            writer.AddTensor(name, shapes[name], chosen, fill);
        }

        Add("token_embd.weight", matrixType, Matrix);
        Add("output_norm.weight", GgmlType.F32, Norm);
        Add("output.weight", matrixType, Matrix);
        for (var block = 0; block < blockCount; block++)
        {
            Add($"blk.{block}.attn_norm.weight", GgmlType.F32, Norm);
            Add($"blk.{block}.attn_qkv.weight", matrixType, Matrix);
            Add($"blk.{block}.attn_qkv.bias", GgmlType.F32, Bias);
            Add($"blk.{block}.attn_output.weight", matrixType, Matrix);
            Add($"blk.{block}.ffn_norm.weight", GgmlType.F32, Norm);
            Add($"blk.{block}.ffn_up.weight", matrixType, Matrix);
            Add($"blk.{block}.ffn_down.weight", matrixType, Matrix);
        }

        writer.WriteTo(path);
    }

    /// <summary>llama.cpp's llama_ftype for a model whose matrices are all of one type.</summary>
    public static uint FileTypeOf(GgmlType matrixType) => matrixType switch
    {
        GgmlType.F32 => 0,
        GgmlType.F16 => 1,
        GgmlType.Q4_0 => 2,
        GgmlType.Q8_0 => 7,
        GgmlType.Q5_0 => 8,
        GgmlType.Q4_K => 15,
        GgmlType.Q6_K => 18,
        GgmlType.IQ4_NL => 25,
        GgmlType.IQ4_XS => 30,
        GgmlType.BF16 => 32,
        _ => throw new ArgumentException($"No file type for {matrixType}.", nameof(matrixType)),
    };

    /// <summary>llama.cpp's quantizer's fallback for rows that do not split into the type's 256-element blocks.</summary>
    private static GgmlType FallbackFor(GgmlType type) => type switch
    {
        GgmlType.IQ4_XS => GgmlType.IQ4_NL,
        GgmlType.Q4_K => GgmlType.Q5_0,
        GgmlType.Q6_K => GgmlType.Q8_0,
        _ => type,
    };

    private static byte[] EncodePool(GgmlType type)
    {
        if (RandomBlockPool.Supports(type))
        {
            return RandomBlockPool.Create(type, PoolValues / GgmlTypeTraits.BlockSize(type), WeightAmplitude);
        }

        var values = new float[PoolValues];
        new FastRandom(0xC0FFEE).Fill(values, WeightAmplitude);
        var encoded = new byte[GgmlTypeTraits.RowBytes(type, values.Length)];
        GgmlQuantization.Encode(type, values, encoded);
        return encoded;
    }

    private static byte[] EncodeConstantPool(float value)
    {
        var values = new float[PoolValues];
        Array.Fill(values, value);
        var encoded = new byte[GgmlTypeTraits.RowBytes(GgmlType.F32, values.Length)];
        GgmlQuantization.Encode(GgmlType.F32, values, encoded);
        return encoded;
    }

    /// <summary>Writes the tensor's bytes from the pool, starting at a moving block-aligned offset so consecutive tensors
    /// do not all begin with the same values.</summary>
    private static void WriteFromPool(TensorDataSink sink, byte[] pool, ref long cursor)
    {
        var blockBytes = GgmlTypeTraits.BlockBytes(sink.Type);
        var poolBlocks = pool.Length / blockBytes;
        var remaining = sink.ExpectedBytes;
        while (remaining > 0)
        {
            var startBlock = (int)(cursor++ * 7919 % poolBlocks);
            var available = (long)(poolBlocks - startBlock) * blockBytes;
            var length = (int)Math.Min(remaining, available);
            sink.WriteBytes(pool.AsSpan(startBlock * blockBytes, length));
            remaining -= length;
        }
    }
}
