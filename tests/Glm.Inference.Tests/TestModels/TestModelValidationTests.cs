using Glm.Inference.Gguf;
using Glm.TestModels;

namespace Glm.Inference.Tests.TestModels;

/// <summary>Generated models pass the same validation every user model goes through before native code sees it.</summary>
[Trait("Speed", "Slow")]
public sealed class TestModelValidationTests
{
    [Fact]
    public void The_default_predictable_model_passes_validation_with_its_expected_shape()
    {
        var summary = GgufModelValidator.Validate(TestModelFiles.Predictable());

        Assert.Equal("chatglm", summary.Architecture);
        Assert.Equal("glm-lsp predictable test model", summary.Name);
        Assert.Equal("gpt2", summary.TokenizerModel);
        Assert.Equal("chatglm-bpe", summary.TokenizerPre);
        Assert.Equal(GgmlType.F32, summary.DominantTensorType);
        Assert.Equal(Glm4ChatTemplate.Text, summary.File.GetString("tokenizer.chat_template"));
    }

    [Fact]
    public void A_one_layer_chatglm3_6b_shaped_q4_0_model_passes_validation()
    {
        var summary = GgufModelValidator.Validate(TestModelFiles.Shaped(GlmShape.ChatGlm3_6B, 1, GgmlType.Q4_0));

        Assert.Equal("chatglm3-6b shaped random (1 of 28 layers, Q4_0)", summary.Name);
        Assert.Equal(GgmlType.Q4_0, summary.DominantTensorType);
    }
}
