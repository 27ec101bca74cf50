using Glm.Inference.Gguf;
using Glm.Inference.Tests.Gguf;
using Glm.Inference.Tokenization;
using Glm.TestModels;

namespace Glm.Inference.Tests.Tokenization;

public sealed class GlmTokenizerTests : IDisposable
{
    private static readonly string[] ParityTexts =
    [
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
        "😀abc a𠀀b 𠀀, x😀 👍ok",
        "",
    ];

    // Declared after ParityTexts: static fields initialise in declaration order.
    public static readonly TheoryData<string> Texts = new(ParityTexts);

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

    [Fact]
    public void Matches_llama_cpp_on_the_predictable_test_model()
    {
        var path = TestModelFiles.Predictable();
        var tokenizer = GlmTokenizer.FromGguf(GgufReader.Read(path));
        using var weights = LlamaCppTokenizerParity.Load(path);
        var texts = ParityTexts.Concat(DefaultCorpus.Text.Split('\n')).Append(DefaultCorpus.Text);

        var mismatches = new List<string>();
        foreach (var text in texts)
        {
            var expected = LlamaCppTokenizerParity.Tokenize(weights, text);
            var actual = tokenizer.EncodeToIds(text);
            if (!expected.SequenceEqual(actual))
            {
                mismatches.Add($"{text}\n  llama.cpp: {string.Join(",", expected)}\n  ours:      {string.Join(",", actual)}");
            }
        }

        Assert.Empty(mismatches);
    }

    [Fact]
    public void Counts_plain_text_as_llama_cpp_tokenizes_it_without_special_parsing()
    {
        var path = TestModelFiles.Predictable();
        var tokenizer = GlmTokenizer.FromGguf(GgufReader.Read(path));
        using var weights = LlamaCppTokenizerParity.Load(path);
        var texts = ParityTexts.Append(DefaultCorpus.Text).Append("A document that says <|user|> and <|endoftext|> [gMASK]<sop>.");

        var mismatches = texts
            .Where(text => !weights.Tokenize(text, false, false, System.Text.Encoding.UTF8).Select(t => (int)t).SequenceEqual(tokenizer.EncodePlainTextToIds(text)))
            .ToList();

        Assert.Empty(mismatches);
        Assert.True(tokenizer.CountPlainTextTokens("<|user|>") > 1);
    }

    [Fact]
    public void Recognises_control_tokens_and_applies_merges()
    {
        var path = _directory.File("tiny-ids.gguf");
        TinyGlmModel.CreateWriter().WriteTo(path);
        var (tokens, _, _) = TinyGlmModel.Vocabulary();
        var tokenizer = GlmTokenizer.FromGguf(GgufReader.Read(path));

        var ids = tokenizer.EncodeToIds("[gMASK]<sop>the 你");

        // "the" is one merged token; " 你" is a space glued to the letter run, in 4 byte tokens (Ġ + 3 UTF-8 bytes).
        Assert.Equal(["[gMASK]", "<sop>", "the", "Ġ", "ä", "½", "ł"], ids.Select(id => tokens[id]));
        Assert.Equal(10, tokenizer.SpecialTokens.Count);
        Assert.Equal(300, tokenizer.VocabularySize);
    }

    [Fact]
    public void Refuses_vocabularies_it_cannot_reproduce()
    {
        var path = _directory.File("spm.gguf");
        var writer = TinyGlmModel.CreateWriter();
        TinyGlmModel.Replace(writer, "tokenizer.ggml.model", GgufValue.String("llama"));
        writer.WriteTo(path);

        var error = Assert.Throws<NotSupportedException>(() => GlmTokenizer.FromGguf(GgufReader.Read(path)));
        Assert.Equal("spm.gguf: tokenizer.ggml.model 'llama' is not supported by GlmTokenizer (only byte-level BPE, 'gpt2', is).", error.Message);
    }
}
