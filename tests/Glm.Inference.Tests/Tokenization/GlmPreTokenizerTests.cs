using Glm.Inference.Tokenization;

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

    [Fact]
    public void Cuts_special_tokens_longest_first_before_splitting()
    {
        var specials = new Dictionary<string, int> { ["<|user|>"] = 1, ["<|user|>x"] = 2, ["[gMASK]"] = 3 };
        var preTokenizer = new GlmPreTokenizer(specials);
        const string text = "a<|user|>x<|user|>[gMASK][gMASK]b c";

        var pieces = preTokenizer.PreTokenize(text).Select(p => text.Substring(p.Offset, p.Length));

        Assert.Equal(["a", "<|user|>x", "<|user|>", "[gMASK]", "[gMASK]", "b", " c"], pieces);
    }
}
