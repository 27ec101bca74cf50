using Glm.TestModels;

namespace Glm.Inference.Tests.TestModels;

public sealed class ChatGlmGgufLayoutTests
{
    [Fact]
    public void Hyper_parameters_derive_glms_partial_rope_and_the_writers_shapes_come_from_the_validators_layout()
    {
        var hp = ChatGlmGgufLayout.HyperParameters(
            embeddingLength: 64, headCount: 4, headCountKv: 2, feedForwardLength: 96, blockCount: 1, contextLength: 256, vocabularySize: 300);

        var shapes = ChatGlmGgufLayout.TensorShapes(hp);

        Assert.Equal("chatglm", hp.Architecture);
        Assert.Equal(8u, hp.RopeDimensionCount);
        Assert.Equal([64L, 300L], shapes["token_embd.weight"]);
        Assert.Equal([64L, 128L], shapes["blk.0.attn_qkv.weight"]);
        Assert.Equal([128L], shapes["blk.0.attn_qkv.bias"]);
        Assert.Equal([64L, 192L], shapes["blk.0.ffn_up.weight"]);
        Assert.Equal([96L, 64L], shapes["blk.0.ffn_down.weight"]);
        Assert.False(shapes.ContainsKey("blk.0.attn_q.weight"));
    }

    [Fact]
    public void Hyper_parameters_reject_heads_that_do_not_divide_the_embedding()
    {
        var error = Assert.Throws<ArgumentException>(() => ChatGlmGgufLayout.HyperParameters(
            embeddingLength: 96, headCount: 5, headCountKv: 1, feedForwardLength: 96, blockCount: 1, contextLength: 256, vocabularySize: 300));

        Assert.Equal("Embedding length 96 must divide into 5 heads, and 5 heads into 1 KV heads.", error.Message);
    }

    [Fact]
    public void Hyper_parameters_reject_sizes_that_are_not_whole_quantization_blocks()
    {
        var error = Assert.Throws<ArgumentException>(() => ChatGlmGgufLayout.HyperParameters(
            embeddingLength: 64, headCount: 4, headCountKv: 2, feedForwardLength: 100, blockCount: 1, contextLength: 256, vocabularySize: 300));

        Assert.Equal("Embedding length 64 and feed-forward length 100 must be multiples of 32 (the quantization block).", error.Message);
    }
}
