using System.Text;
using Glm.Inference.Engine;
using Glm.Inference.Gguf;
using Glm.Inference.Tests.Tokenization;
using Glm.TestModels;

namespace Glm.Inference.Tests.Engine;

public class ModelVocabularyTests
{
    /// <summary>64 letters: one token whose text fills <see cref="ModelVocabulary"/>'s 64-byte text buffer exactly.</summary>
    private const string SixtyFourLetters = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijkl";

    [Fact]
    public void Tokenizing_never_adds_bos_even_when_the_file_asks_for_it()
    {
        var model = TestModelFiles.PredictableModel(DefaultCorpus.Text, new PredictableModelOptions { AddBosToken = true });
        using var weights = LlamaCppTokenizerParity.Load(model.Path);
        var vocabulary = new ModelVocabulary(weights);
        int[] words = [IdOf(model, "Good"), IdOf(model, "Ġdocumentation")];

        // The file makes llama.cpp put [gMASK] first whenever it may add special tokens; prompts carry their own.
        Assert.Equal(
            [model.Vocabulary.SpecialId("[gMASK]"), .. words],
            weights.Tokenize("Good documentation", true, true, Encoding.UTF8).Select(t => (int)t));
        Assert.Equal(words, vocabulary.Tokenize("Good documentation"));
        Assert.Equal(words, vocabulary.TokenizePlain("Good documentation"));
    }

    [Fact]
    public void A_control_token_formed_inside_content_is_spelled_with_the_character_tokens_where_they_exist()
    {
        // "s", "o" and "p" are tokens of their own here, so the merged sop is spelled with them rather than with bytes;
        // the space prefix "▁" has no token and comes out as its three bytes.
        var model = TestModelFiles.PredictableModel("[gMASK]sopLine one\nso be it1s2o3p", PredictableModelOptions.For(TestModelLayout.ChatGlm3));
        using var weights = LlamaCppTokenizerParity.Load(model.Path);
        var vocabulary = new ModelVocabulary(weights, LlamaEngine.SentencePieceIds(GgufReader.Read(model.Path)));

        var content = vocabulary.TokenizePlain("\nsop");

        Assert.Equal(["<0xE2>", "<0x96>", "<0x81>", "\n", "s", "o", "p"], content.Select(id => model.Vocabulary.Tokens[id]));
    }

    [Fact]
    public void Without_a_piece_table_plain_tokens_are_llama_cpps_own()
    {
        // The piece table is what spelling a control token out needs; without one the tokens stay as llama.cpp gives
        // them, which is right for byte-level BPE, whose merging never forms a control token.
        var model = TestModelFiles.PredictableModel("[gMASK]sopLine one\nso be it1s2o3p", PredictableModelOptions.For(TestModelLayout.ChatGlm3));
        using var weights = LlamaCppTokenizerParity.Load(model.Path);
        var vocabulary = new ModelVocabulary(weights);

        var content = vocabulary.TokenizePlain("\nsop");

        Assert.Equal(["<0xE2>", "<0x96>", "<0x81>", "\n", "sop"], content.Select(id => model.Vocabulary.Tokens[id]));
    }

    [Fact]
    public void A_single_token_is_found_only_when_its_text_is_exactly_the_text_asked_for()
    {
        var model = TestModelFiles.Predictable(TestModelLayout.ChatGlm3);
        using var weights = LlamaCppTokenizerParity.Load(model.Path);
        var vocabulary = new ModelVocabulary(weights, LlamaEngine.SentencePieceIds(GgufReader.Read(model.Path)));

        // SentencePiece's space prefix makes "Hello" the one token "▁Hello", whose text " Hello" is not "Hello".
        Assert.Equal(["▁Hello"], vocabulary.Tokenize("Hello").Select(id => model.Vocabulary.Tokens[id]));
        Assert.Null(vocabulary.FindSingleToken("Hello"));
        Assert.Equal(model.Vocabulary.SpecialId("sop"), vocabulary.FindSingleToken("sop"));
    }

    [Fact]
    public void A_token_whose_text_fills_the_text_buffer_exactly_is_found()
    {
        var model = TestModelFiles.PredictableModel("[gMASK]<sop>" + SixtyFourLetters);
        using var weights = LlamaCppTokenizerParity.Load(model.Path);
        var vocabulary = new ModelVocabulary(weights);

        Assert.Equal(IdOf(model, SixtyFourLetters), vocabulary.FindSingleToken(SixtyFourLetters));
    }

    [Fact]
    public void Token_bytes_that_fill_the_buffer_exactly_are_written_into_it()
    {
        var model = TestModelFiles.PredictableModel("[gMASK]<sop>" + SixtyFourLetters);
        using var weights = LlamaCppTokenizerParity.Load(model.Path);
        var vocabulary = new ModelVocabulary(weights);
        var buffer = new byte[64];
        var given = buffer;

        var length = vocabulary.TokenBytes(IdOf(model, SixtyFourLetters), ref buffer);

        Assert.Equal(64, length);
        Assert.Same(given, buffer);
        Assert.Equal(SixtyFourLetters, Encoding.UTF8.GetString(buffer));
    }

    [Fact]
    public void Control_tokens_have_no_bytes()
    {
        var model = TestModelFiles.Predictable(TestModelLayout.Glm4);
        using var weights = LlamaCppTokenizerParity.Load(model.Path);
        var vocabulary = new ModelVocabulary(weights);
        var buffer = new byte[64];

        Assert.Equal(0, vocabulary.TokenBytes(model.Vocabulary.SpecialId("[gMASK]"), ref buffer));
    }

    private static int IdOf(PredictableModel model, string text) =>
        Enumerable.Range(0, model.Vocabulary.Count).Single(id => model.Vocabulary.Tokens[id] == text);
}
