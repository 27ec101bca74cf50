using Glm.Inference.Gguf;
using Glm.TestModels.Gguf;

namespace Glm.TestModels;

/// <summary>
/// Writes <c>chatglm</c> (and GLM-4-0414's <c>glm4</c>) GGUFs with a real model's dimensions and random weights, to
/// measure load and decode costs without downloading weights. Matrices use the chosen quantization, norms and biases
/// F32. Random data comes from a pool of pre-encoded blocks written over and over (decode speed does not depend on the
/// values), so a 28-layer ChatGLM3-6B-shaped Q4_0 file (about 3.5 GB) is limited by disk speed rather than by random
/// numbers or quantization.
/// </summary>
public static class GlmShapeModelBuilder
{
    /// <summary>Bumped whenever the file the builder writes changes, so cached models are rebuilt.</summary>
    public const int Version = 2;

    private const float WeightAmplitude = 0.02f;
    private const int PoolValues = 1 << 20;

    /// <param name="layout">The file layout: GLM-4's byte-level BPE with its ten control tokens at the end (the default),
    /// ChatGLM3's SentencePiece, CodeGeeX4's GLM-4 vocabulary with the 14 added tokens where the real file has them, or
    /// GLM-4-0414's (that vocabulary, architecture <c>glm4</c> with its post-attention and post-FFN norms).</param>
    public static void Write(string path, GlmShape shape, int blockCount, GgmlType matrixType, TestModelLayout layout = TestModelLayout.Glm4)
    {
        if (matrixType is not (GgmlType.F32 or GgmlType.F16 or GgmlType.Q8_0 or GgmlType.Q4_0) && !RandomBlockPool.Supports(matrixType))
        {
            throw new ArgumentException($"Shaped models do not support {matrixType}.", nameof(matrixType));
        }

        if (blockCount < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(blockCount), blockCount, "A model needs at least one block.");
        }

        var hp = shape.ToHyperParameters(blockCount, layout == TestModelLayout.Glm4_0414 ? "glm4" : ChatGlmGgufLayout.Architecture);
        var writer = new GgufWriter();
        var description = $"{shape.Name} shaped random ({blockCount} of {shape.BlockCount} layers, {matrixType})";
        ChatGlmGgufLayout.AddHyperParameters(writer, hp, layout == TestModelLayout.CodeGeeX4 ? "codegeex4-all-9b" : description, FileTypeOf(matrixType));
        AddVocabulary(writer, shape.VocabularySize, layout);

        var fallbackType = FallbackFor(matrixType);
        var pool = EncodePool(matrixType);
        var fallbackPool = EncodePool(fallbackType);
        var normPool = EncodeConstantPool(1f);
        var biasPool = EncodePool(GgmlType.F32);
        var cursor = 0L;
        void Matrix(TensorDataSink sink) => WriteFromPool(sink, sink.Type == matrixType ? pool : fallbackPool, ref cursor);
        void Norm(TensorDataSink sink) => WriteFromPool(sink, normPool, ref cursor);
        void Bias(TensorDataSink sink) => WriteFromPool(sink, biasPool, ref cursor);

        // Every tensor the architecture declares (GlmTensorLayout, which the validator also checks), in its order, with
        // the output head written even where glm4 could tie it to the embedding, as GLM-4-0414's files do.
        foreach (var tensor in GlmTensorLayout.Expected(hp, hasFusedQkv: _ => true))
        {
            var isNorm = tensor.Name.EndsWith("norm.weight", StringComparison.Ordinal);
            var isBias = tensor.Name.EndsWith(".bias", StringComparison.Ordinal);

            // Rows whose length is not a whole number of the type's blocks (ChatGLM's 13,696-wide FFN for 256-element
            // K-quant blocks) take the type llama.cpp's quantizer falls back to for them.
            var type = isNorm || isBias ? GgmlType.F32 : tensor.Shape[0] % GgmlTypeTraits.BlockSize(matrixType) == 0 ? matrixType : fallbackType;
            writer.AddTensor(tensor.Name, tensor.Shape, type, isNorm ? Norm : isBias ? Bias : Matrix);
        }

        writer.WriteTo(path);
    }

    private static void AddVocabulary(GgufWriter writer, int size, TestModelLayout layout)
    {
        if (layout == TestModelLayout.ChatGlm3)
        {
            var pieces = SyntheticSentencePieceVocabulary.Create(size);
            ChatGlmGgufLayout.AddSentencePieceTokenizer(writer, pieces.Tokens, pieces.Scores, pieces.TokenTypes, ChatGlm3ChatTemplate.Text);
            return;
        }

        var vocabulary = layout == TestModelLayout.Glm4 ? SyntheticVocabulary.Create(size) : SyntheticVocabulary.CreateGlm4Added(size);
        ChatGlmGgufLayout.AddTokenizer(
            writer,
            vocabulary.Tokens,
            Enumerable.Range(0, vocabulary.Tokens.Count).Select(vocabulary.TokenType).ToArray(),
            vocabulary.Merges,
            vocabulary.FirstSpecialId,
            Glm4ChatTemplate.Text,
            vocabulary.SpecialTokens);
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
