using Glm.Inference.Tokenization;
using Glm.TestModels;

namespace Glm.Inference.Tests.Tokenization;

public class GlmPreTokenizerTests
{
    [Theory]
    [InlineData("Hello world", "Hello| world")]
    [InlineData("12345", "123|45")]
    [InlineData("don't WE'LL", "don|'t| WE|'LL")]
    [InlineData("山川异域，风月同天", "山川异域|，风月同天")]
    [InlineData("a  b\n\n c", "a| | b|\n\n| c")]
    [InlineData("x = y;\n", "x| =| y|;\n")]
    [InlineData("trailing  ", "trailing|  ")]
    // Outside the BMP: an emoji glues to the letters after it and an Extension B ideograph is a letter,
    // as in llama.cpp (code points), unlike a UTF-16 regex.
    [InlineData("😀abc", "😀abc")]
    [InlineData("a𠀀b, c", "a𠀀b|,| c")]
    public void Splits_like_llama_cpp_llama3_splitter(string text, string expected)
    {
        var pieces = GlmPreTokenizer.SplitOrdinaryText(text).Select(p => text.Substring(p.Offset, p.Length));
        Assert.Equal(expected, string.Join("|", pieces));
    }

    // These cases were written against the test models' own copy of the splitter, before it was merged into this one.
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
    public void Splits_like_llama_cpps_llama3_splitter_into_strings(string text, string[] expected)
    {
        Assert.Equal(expected, GlmPreTokenizer.SplitOrdinaryTextToStrings(text));
    }

    [Fact]
    public void Cuts_special_tokens_out_before_pre_tokenizing()
    {
        var segments = new GlmPreTokenizer(GlmSpecialTokens.All).PartitionSpecialTokens("[gMASK]<sop><|user|>\nHi<|assistant|>");

        Assert.Equal(
            [new("[gMASK]", true), new("<sop>", true), new("<|user|>", true), new("\nHi", false), new("<|assistant|>", true)],
            segments);
    }

    [Fact]
    public void Cuts_special_tokens_longest_first_before_splitting()
    {
        string[] specials = ["<|user|>", "<|user|>x", "[gMASK]"];
        var preTokenizer = new GlmPreTokenizer(specials);
        const string text = "a<|user|>x<|user|>[gMASK][gMASK]b c";

        var pieces = preTokenizer.PreTokenize(text).Select(p => text.Substring(p.Offset, p.Length));

        Assert.Equal(["a", "<|user|>x", "<|user|>", "[gMASK]", "[gMASK]", "b", " c"], pieces);
    }
}
