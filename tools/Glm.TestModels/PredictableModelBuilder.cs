using Glm.Inference.Gguf;
using Glm.TestModels.Gguf;

namespace Glm.TestModels;

/// <summary>
/// Writes a GGUF in one of the <see cref="TestModelLayout"/>s whose greedy output is known in advance: after token t it emits the token that follows
/// t's first occurrence in the corpus (or <c>&lt;|endoftext|&gt;</c>). Token embeddings are one-hot, attention-output
/// and FFN-down projections are zero, so each block adds nothing to the residual stream; the final RMS norm scales the
/// one-hot vector to sqrt(E), and the output row of t's successor holds 1 at column t. The winning logit is therefore
/// about sqrt(E) (over 20) and every other logit is exactly 0: float error cannot flip the argmax.
/// </summary>
public static class PredictableModelBuilder
{
    /// <summary>Bumped whenever the file the builder writes changes, so cached models are rebuilt.</summary>
    public const int Version = 2;

    private const int HeadDimension = 64;
    private const float FillerAmplitude = 0.02f;

    /// <summary>Builds the vocabulary for <paramref name="corpus"/> and checks the options against it.</summary>
    public static IPredictableVocabulary CreateVocabulary(string corpus, PredictableModelOptions options)
    {
        if (options.AddBosToken && options.Layout == TestModelLayout.ChatGlm3)
        {
            throw new ArgumentException("AddBosToken applies to the byte-level BPE layouts; ChatGLM3's file sets add_bos_token false.", nameof(options));
        }

        IPredictableVocabulary vocabulary = options.Layout == TestModelLayout.ChatGlm3
            ? SentencePieceCorpusVocabulary.Build(corpus, options.UnmergedPieces)
            : CorpusVocabulary.Build(corpus, options.UnmergedPieces, GlmSpecialTokens.For(options.Layout));
        if (!options.AllowRepeatedTokens && vocabulary.RepeatedTokenIds.Count > 0)
        {
            var repeated = string.Join(", ", vocabulary.RepeatedTokenIds.Select(id => $"{id} '{vocabulary.Tokens[id]}'"));
            throw new ArgumentException(
                $"The corpus repeats tokens ({repeated}); the predictable model would continue each repeat like the first "
                + "occurrence. Make every piece distinct or set AllowRepeatedTokens.",
                nameof(corpus));
        }

        return vocabulary;
    }

    /// <summary>The hyperparameters for a vocabulary: E is the vocabulary size rounded up to a multiple of 128, so
    /// one-hot embeddings fit and E splits into an even number of 64-wide heads (two KV heads, as in GLM).</summary>
    public static GlmHyperParameters HyperParametersFor(IPredictableVocabulary vocabulary, PredictableModelOptions options)
    {
        var embedding = (vocabulary.Count + 127) / 128 * 128;
        return ChatGlmGgufLayout.HyperParameters(
            embeddingLength: embedding,
            headCount: embedding / HeadDimension,
            headCountKv: 2,
            feedForwardLength: options.FeedForwardLength,
            blockCount: options.BlockCount,
            contextLength: options.ContextLength,
            vocabularySize: vocabulary.Count,
            architecture: options.Layout == TestModelLayout.Glm4_0414 ? "glm4" : ChatGlmGgufLayout.Architecture,
            wholeHeadRotates: options.Layout == TestModelLayout.GlmEdge);
    }

    /// <summary>Writes the model for <paramref name="corpus"/> to <paramref name="path"/> and returns its vocabulary.</summary>
    public static IPredictableVocabulary Write(string path, string corpus, PredictableModelOptions options)
    {
        var vocabulary = CreateVocabulary(corpus, options);
        var hp = HyperParametersFor(vocabulary, options);
        var writer = new GgufWriter();
        var fileType = options.MatrixType == GgmlType.F16 ? 1u : 0u;
        ChatGlmGgufLayout.AddHyperParameters(writer, hp, options.Name, fileType);
        if (vocabulary is SentencePieceCorpusVocabulary sentencePiece)
        {
            ChatGlmGgufLayout.AddSentencePieceTokenizer(writer, sentencePiece, options.ChatTemplate);
        }
        else
        {
            var bpe = (CorpusVocabulary)vocabulary;
            ChatGlmGgufLayout.AddTokenizer(
                writer,
                bpe.Tokens,
                Enumerable.Range(0, bpe.Count).Select(bpe.TokenType).ToArray(),
                bpe.Merges,
                bpe.FirstSpecialId,
                options.ChatTemplate,
                bpe.SpecialTokens);
            if (options.AddBosToken)
            {
                writer.AddBool("tokenizer.ggml.add_bos_token", true);
            }
        }

        var matrix = options.MatrixType;
        var random = new FastRandom(0x5EED);
        // GLM-Edge is converted from Hugging Face's GlmForCausalLM, whose query, key and value projections are separate.
        var fusedQkv = options.Layout != TestModelLayout.GlmEdge;
        var shapes = ChatGlmGgufLayout.TensorShapes(hp, fusedQkv);
        void Add(string name, GgmlType type, Action<TensorDataSink> fill) => writer.AddTensor(name, shapes[name], type, fill);

        Add("token_embd.weight", matrix, sink => WriteOneHotRows(sink, hp, t => t));
        Add("output_norm.weight", GgmlType.F32, Ones);
        Add("output.weight", matrix, sink => WriteOutputRows(sink, hp, vocabulary));
        for (var block = 0; block < hp.BlockCount; block++)
        {
            // Query/key/value and FFN-up weights are small random values so that attention and the FFN really compute
            // (and the KV cache holds real numbers); their results are multiplied by the zero output projections.
            Add($"blk.{block}.attn_norm.weight", GgmlType.F32, Ones);
            if (fusedQkv)
            {
                Add($"blk.{block}.attn_qkv.weight", matrix, sink => RandomFiller(sink, random));
                Add($"blk.{block}.attn_qkv.bias", GgmlType.F32, Zeros);
            }
            else
            {
                Add($"blk.{block}.attn_q.weight", matrix, sink => RandomFiller(sink, random));
                Add($"blk.{block}.attn_k.weight", matrix, sink => RandomFiller(sink, random));
                Add($"blk.{block}.attn_v.weight", matrix, sink => RandomFiller(sink, random));
            }

            Add($"blk.{block}.attn_output.weight", matrix, Zeros);
            Add($"blk.{block}.ffn_norm.weight", GgmlType.F32, Ones);
            Add($"blk.{block}.ffn_up.weight", matrix, sink => RandomFiller(sink, random));
            Add($"blk.{block}.ffn_down.weight", matrix, Zeros);
            if (hp.Architecture == "glm4")
            {
                // GLM-4-0414 normalises each sub-layer's output before the residual add; the outputs are zero, so
                // the norms keep them zero whatever their weights.
                Add($"blk.{block}.post_attention_norm.weight", GgmlType.F32, Ones);
                Add($"blk.{block}.post_ffw_norm.weight", GgmlType.F32, Ones);
            }
        }

        writer.WriteTo(path);
        return vocabulary;
    }

    private static void WriteOneHotRows(TensorDataSink sink, GlmHyperParameters hp, Func<int, int> hotColumnOfRow)
    {
        var row = new float[hp.EmbeddingLength];
        for (var id = 0; id < hp.VocabularySize; id++)
        {
            Array.Clear(row);
            row[hotColumnOfRow(id)] = 1f;
            sink.Write(row);
        }
    }

    private static void WriteOutputRows(TensorDataSink sink, GlmHyperParameters hp, IPredictableVocabulary vocabulary)
    {
        // Row v (the logit of token v) has a 1 in the column of every token whose successor is v.
        var rows = new float[hp.VocabularySize][];
        for (var v = 0; v < hp.VocabularySize; v++)
        {
            rows[v] = new float[hp.EmbeddingLength];
        }

        for (var t = 0; t < hp.VocabularySize; t++)
        {
            rows[vocabulary.SuccessorOf(t)][t] = 1f;
        }

        foreach (var row in rows)
        {
            sink.Write(row);
        }
    }

    private static void Ones(TensorDataSink sink) => Constant(sink, 1f);

    private static void Zeros(TensorDataSink sink) => Constant(sink, 0f);

    private static void Constant(TensorDataSink sink, float value)
    {
        var rowLength = (int)sink.Dims[0];
        var row = new float[rowLength];
        Array.Fill(row, value);
        var rows = sink.Dims.Skip(1).Aggregate(1L, (a, b) => a * b);
        for (var r = 0L; r < rows; r++)
        {
            sink.Write(row);
        }
    }

    private static void RandomFiller(TensorDataSink sink, FastRandom random)
    {
        var rowLength = (int)sink.Dims[0];
        var row = new float[rowLength];
        var rows = sink.Dims.Skip(1).Aggregate(1L, (a, b) => a * b);
        for (var r = 0L; r < rows; r++)
        {
            random.Fill(row, FillerAmplitude);
            sink.Write(row);
        }
    }
}
