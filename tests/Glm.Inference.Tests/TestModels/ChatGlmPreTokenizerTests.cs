using Glm.Inference.TestModels;

namespace Glm.Inference.Tests.TestModels;

public sealed class ChatGlmPreTokenizerTests
{
    [Theory]
    [InlineData("Hello world", new[] { "Hello", " world" })]
    [InlineData("12345 apples", new[] { "123", "45", " apples" })]
    [InlineData(" 山川异域，风月同天。", new[] { " 山川异域", "，风月同天", "。" })]
    [InlineData("a  b", new[] { "a", " ", " b" })]
    [InlineData("it's We'LL", new[] { "it", "'s", " We", "'LL" })]
    [InlineData("x\n\ny", new[] { "x", "\n\n", "y" })]
    [InlineData("end!!\r\nnext", new[] { "end", "!!\r\n", "next" })]
    [InlineData("f(x) = 1;", new[] { "f", "(x", ")", " =", " ", "1", ";" })]
    [InlineData("tail   ", new[] { "tail", "   " })]
    [InlineData("\tindent", new[] { "\tindent" })]
    public void Splits_like_llama_cpps_llama3_splitter(string text, string[] expected)
    {
        Assert.Equal(expected, ChatGlmPreTokenizer.Split(text));
    }

    [Fact]
    public void Cuts_special_tokens_out_before_pre_tokenizing()
    {
        var segments = SpecialTokenSplitter.Split("[gMASK]<sop><|user|>\nHi<|assistant|>", GlmSpecialTokens.All.ToArray());

        Assert.Equal(
            [new("[gMASK]", true), new("<sop>", true), new("<|user|>", true), new("\nHi", false), new("<|assistant|>", true)],
            segments);
    }
}
