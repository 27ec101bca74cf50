using Glm.Inference.Gguf;

namespace Glm.Inference.Tests.Gguf;

/// <summary>The whole expected tensor list, name by name: shape, the formula a mismatch message shows, and whether
/// llama.cpp requires it. Embedding 64, 4 heads, 2 KV heads (head width 16), feed-forward 96, 300 tokens.</summary>
public sealed class GlmTensorLayoutTests
{
    private static GlmHyperParameters Parameters(string architecture, uint blocks) =>
        new(architecture, 128, 64, 96, blocks, 4, 2, 16, 10000f, 1e-5f, 300);

    private static string[] Describe(IEnumerable<GlmTensorLayout.ExpectedTensor> tensors) =>
        [.. tensors.Select(t => $"{t.Name} [{string.Join(", ", t.Shape)}] {t.Formula} {(t.Required ? "required" : "optional")}")];

    [Fact]
    public void A_chatglm_model_requires_its_output_head_and_a_block_uses_the_fused_or_the_separate_projections()
    {
        var tensors = Describe(GlmTensorLayout.Expected(Parameters("chatglm", 2), block => block == 0));

        Assert.Equal(
            [
                "token_embd.weight [64, 300] [embedding_length, token count] required",
                "output_norm.weight [64] [embedding_length] required",
                "output.weight [64, 300] [embedding_length, token count] required",
                "blk.0.attn_norm.weight [64] [embedding_length] required",
                "blk.0.attn_qkv.weight [64, 128] [embedding_length, embedding_length + 2 * head_dim * head_count_kv] required",
                "blk.0.attn_qkv.bias [128] [embedding_length + 2 * head_dim * head_count_kv] optional",
                "blk.0.attn_output.weight [64, 64] [embedding_length, embedding_length] required",
                "blk.0.ffn_norm.weight [64] [embedding_length] required",
                "blk.0.ffn_up.weight [64, 192] [embedding_length, 2 * feed_forward_length] required",
                "blk.0.ffn_down.weight [96, 64] [feed_forward_length, embedding_length] required",
                "blk.1.attn_norm.weight [64] [embedding_length] required",
                "blk.1.attn_q.weight [64, 64] [embedding_length, head_dim * head_count] required",
                "blk.1.attn_k.weight [64, 32] [embedding_length, head_dim * head_count_kv] required",
                "blk.1.attn_v.weight [64, 32] [embedding_length, head_dim * head_count_kv] required",
                "blk.1.attn_q.bias [64] [embedding_length] optional",
                "blk.1.attn_k.bias [32] [head_dim * head_count_kv] optional",
                "blk.1.attn_v.bias [32] [head_dim * head_count_kv] optional",
                "blk.1.attn_output.weight [64, 64] [embedding_length, embedding_length] required",
                "blk.1.ffn_norm.weight [64] [embedding_length] required",
                "blk.1.ffn_up.weight [64, 192] [embedding_length, 2 * feed_forward_length] required",
                "blk.1.ffn_down.weight [96, 64] [feed_forward_length, embedding_length] required",
            ],
            tensors);
    }

    [Fact]
    public void A_glm4_model_may_tie_its_output_head_and_has_the_post_norms()
    {
        var tensors = Describe(GlmTensorLayout.Expected(Parameters("glm4", 1), _ => true));

        Assert.Equal(
            [
                "token_embd.weight [64, 300] [embedding_length, token count] required",
                "output_norm.weight [64] [embedding_length] required",
                "output.weight [64, 300] [embedding_length, token count] optional",
                "blk.0.attn_norm.weight [64] [embedding_length] required",
                "blk.0.attn_qkv.weight [64, 128] [embedding_length, embedding_length + 2 * head_dim * head_count_kv] required",
                "blk.0.attn_qkv.bias [128] [embedding_length + 2 * head_dim * head_count_kv] optional",
                "blk.0.attn_output.weight [64, 64] [embedding_length, embedding_length] required",
                "blk.0.post_attention_norm.weight [64] [embedding_length] required",
                "blk.0.ffn_norm.weight [64] [embedding_length] required",
                "blk.0.ffn_up.weight [64, 192] [embedding_length, 2 * feed_forward_length] required",
                "blk.0.ffn_down.weight [96, 64] [feed_forward_length, embedding_length] required",
                "blk.0.post_ffw_norm.weight [64] [embedding_length] required",
            ],
            tensors);
    }

    [Fact]
    public void Null_arguments_are_refused_by_name()
    {
        Assert.Equal("p", Assert.Throws<ArgumentNullException>(() => GlmTensorLayout.Expected(null!, _ => true).ToList()).ParamName);
        Assert.Equal("hasFusedQkv", Assert.Throws<ArgumentNullException>(() => GlmTensorLayout.Expected(Parameters("glm4", 1), null!).ToList()).ParamName);
    }
}
