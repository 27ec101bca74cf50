namespace Glm.Inference.Gguf;

/// <summary>
/// The tensors llama.cpp (c0c7e147, llama-model.cpp) creates for LLM_ARCH_CHATGLM and LLM_ARCH_GLM4,
/// with their ggml shapes (ne0 first). llama.cpp fails a load when a required tensor is missing, has
/// another shape, or when the file holds a tensor it does not use, so the validator checks all three.
/// </summary>
public static class GlmTensorLayout
{
    /// <summary>One tensor a GLM model may hold.</summary>
    /// <param name="Name">Full tensor name.</param>
    /// <param name="Shape">Expected ggml dimensions.</param>
    /// <param name="Formula">The shape in terms of hyper-parameters, for messages.</param>
    /// <param name="Required">False for tensors llama.cpp loads only when present.</param>
    public sealed record ExpectedTensor(string Name, long[] Shape, string Formula, bool Required);

    /// <summary>
    /// The tensors expected for a model. Blocks use either the fused attn_qkv projection or separate
    /// attn_q/attn_k/attn_v ones (llama.cpp falls back to the latter when attn_qkv.weight is absent),
    /// so <paramref name="hasFusedQkv"/> tells which form block <c>N</c> uses.
    /// </summary>
    public static IEnumerable<ExpectedTensor> Expected(GlmHyperParameters p, Func<int, bool> hasFusedQkv)
    {
        ArgumentNullException.ThrowIfNull(p);
        ArgumentNullException.ThrowIfNull(hasFusedQkv);
        long e = p.EmbeddingLength;
        long v = p.VocabularySize;
        long f = p.FeedForwardLength;
        var isGlm4 = p.Architecture == "glm4";

        yield return new("token_embd.weight", [e, v], "[embedding_length, token count]", true);
        yield return new("output_norm.weight", [e], "[embedding_length]", true);
        // glm4 ties the output head to the embedding when output.weight is absent; chatglm requires it.
        yield return new("output.weight", [e, v], "[embedding_length, token count]", !isGlm4);

        for (var n = 0; n < p.BlockCount; n++)
        {
            var blk = $"blk.{n}.";
            yield return new(blk + "attn_norm.weight", [e], "[embedding_length]", true);
            if (hasFusedQkv(n))
            {
                yield return new(blk + "attn_qkv.weight", [e, p.FusedQkvWidth], "[embedding_length, embedding_length + 2 * head_dim * head_count_kv]", true);
                yield return new(blk + "attn_qkv.bias", [p.FusedQkvWidth], "[embedding_length + 2 * head_dim * head_count_kv]", false);
            }
            else
            {
                yield return new(blk + "attn_q.weight", [e, p.HeadDimension * p.HeadCount], "[embedding_length, head_dim * head_count]", true);
                yield return new(blk + "attn_k.weight", [e, p.KeyValueWidth], "[embedding_length, head_dim * head_count_kv]", true);
                yield return new(blk + "attn_v.weight", [e, p.KeyValueWidth], "[embedding_length, head_dim * head_count_kv]", true);
                yield return new(blk + "attn_q.bias", [e], "[embedding_length]", false);
                yield return new(blk + "attn_k.bias", [p.KeyValueWidth], "[head_dim * head_count_kv]", false);
                yield return new(blk + "attn_v.bias", [p.KeyValueWidth], "[head_dim * head_count_kv]", false);
            }

            yield return new(blk + "attn_output.weight", [e, e], "[embedding_length, embedding_length]", true);
            if (isGlm4)
            {
                yield return new(blk + "post_attention_norm.weight", [e], "[embedding_length]", true);
            }

            yield return new(blk + "ffn_norm.weight", [e], "[embedding_length]", true);
            yield return new(blk + "ffn_up.weight", [e, 2 * f], "[embedding_length, 2 * feed_forward_length]", true);
            yield return new(blk + "ffn_down.weight", [f, e], "[feed_forward_length, embedding_length]", true);
            if (isGlm4)
            {
                yield return new(blk + "post_ffw_norm.weight", [e], "[embedding_length]", true);
            }
        }
    }
}
