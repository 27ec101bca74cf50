using Glm.Inference.Gguf;
using Glm.Inference.Tests.Gguf;
using Glm.Inference.Tokenization;

namespace Glm.Inference.Tests.Tokenization;

public sealed class GlmTokenizerTests : IDisposable
{
    public static readonly TheoryData<string> Texts = new()
    {
        "the cat and the hat",
        "Hello world, it is on the table.",
        "山川异域，风月同天",
        "mixed 中文 and English 混合",
        "12345 and 1234567 and 3.14159",
        "  leading spaces\n\n\ttabs\r\nand  trailing   ",
        "[gMASK]<sop><|user|>\nhello<|assistant|>",
        "<|user|>the<|user|><|observation|>",
        "don't you'LL it's I'M",
        "emoji 😀 and symbols ->=> #!",
        "",
    };

    private readonly TempDirectory _directory = new();

    public void Dispose() => _directory.Dispose();

    [Theory]
    [MemberData(nameof(Texts))]
    public void Matches_llama_cpp_on_the_tiny_model(string text)
    {
        var path = _directory.File("tiny.gguf");
        TinyGlmModel.CreateWriter().WriteTo(path);
        var tokenizer = GlmTokenizer.FromGguf(GgufReader.Read(path));
        using var weights = LlamaCppTokenizerParity.Load(path);

        var expected = LlamaCppTokenizerParity.Tokenize(weights, text);
        var actual = tokenizer.EncodeToIds(text);

        Assert.Equal(
            LlamaCppTokenizerParity.Describe(expected, id => tokenizer.Decode([id])),
            LlamaCppTokenizerParity.Describe(actual, id => tokenizer.Decode([id])));
        Assert.Equal(expected.Length, tokenizer.CountTokens(text));
        Assert.Equal(text, tokenizer.Decode(actual));
    }
}
