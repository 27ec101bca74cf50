using Glm.Inference.Tokenization;
using Glm.TestModels;

namespace Glm.Inference.Tests.TestModels;

public sealed class CorpusVocabularyTests
{
    [Fact]
    public void Byte_tokens_come_first_with_id_equal_to_the_byte_and_special_tokens_come_last_in_glm4_order()
    {
        var vocabulary = CorpusVocabulary.Build(DefaultCorpus.Text);

        Assert.Equal("!", vocabulary.Tokens[0x21]);
        Assert.Equal("Ġ", vocabulary.Tokens[0x20]);
        Assert.Equal("Ċ", vocabulary.Tokens[0x0A]);
        Assert.Equal("Ā", vocabulary.Tokens[0x00]);
        Assert.Equal(GlmSpecialTokens.All, vocabulary.Tokens.Skip(vocabulary.Count - 10));
        Assert.Equal(vocabulary.Count - 10, vocabulary.SpecialId(GlmControlTokens.EndOfText));
        Assert.Equal(vocabulary.Count - 3, vocabulary.SpecialId(GlmControlTokens.User));
        Assert.Equal(CorpusVocabulary.ControlTokenType, vocabulary.TokenType(vocabulary.SpecialId(GlmControlTokens.GMask)));
        Assert.Equal(CorpusVocabulary.NormalTokenType, vocabulary.TokenType(vocabulary.IdOf("Ġdocumentation")));
    }

    [Fact]
    public void The_default_corpus_has_only_distinct_tokens_and_every_piece_is_one_token()
    {
        var vocabulary = CorpusVocabulary.Build(DefaultCorpus.Text);

        Assert.Empty(vocabulary.RepeatedTokenIds);
        Assert.Equal(vocabulary.CorpusPieces.Count, vocabulary.CorpusTokenIds.Count);
        Assert.Equal(DefaultCorpus.Text, string.Concat(vocabulary.CorpusPieces));
        Assert.Equal(50, vocabulary.CorpusPieces.Count);
        Assert.Equal(421, vocabulary.Count);
    }

    [Fact]
    public void The_successor_of_a_token_is_what_follows_its_first_occurrence_and_unknown_tokens_end_the_text()
    {
        var vocabulary = CorpusVocabulary.Build(DefaultCorpus.Text);
        var endOfText = vocabulary.SpecialId(GlmControlTokens.EndOfText);

        Assert.Equal(vocabulary.IdOf("Hi"), vocabulary.SuccessorOf(vocabulary.IdOf("Ċ")));
        Assert.Equal(vocabulary.IdOf("Ġexplains"), vocabulary.SuccessorOf(vocabulary.IdOf("Ġdocumentation")));
        Assert.Equal(endOfText, vocabulary.SuccessorOf(vocabulary.IdOf("?")));
        Assert.Equal(endOfText, vocabulary.SuccessorOf(vocabulary.IdOf("ãĢĤ")));
        Assert.Equal(endOfText, vocabulary.SuccessorOf('Z'));
    }

    [Fact]
    public void Merges_are_byte_level_pairs_that_continue_from_what_earlier_merges_make_of_a_piece()
    {
        // "23" gets the merge "2 3" first, which also fires inside "123"; so "123" is completed by "1 23" rather than by a
        // left-to-right chain "1 2", "12 3" that the lower-ranked "2 3" would pre-empt.
        var vocabulary = CorpusVocabulary.Build("23 and 123");

        Assert.Equal(["2 3", "Ġ a", "Ġa n", "Ġan d", "1 23"], vocabulary.Merges);
        Assert.Equal(["23", " and", " ", "123"], vocabulary.CorpusPieces);
        Assert.Equal(4, vocabulary.CorpusTokenIds.Count);
    }

    [Fact]
    public void A_corpus_that_repeats_a_token_is_refused_unless_allowed()
    {
        var error = Assert.Throws<ArgumentException>(() => PredictableModelBuilder.CreateVocabulary("one two two", PredictableModelOptions.Default));

        Assert.Equal(
            "The corpus repeats tokens (260 'Ġtwo'); the predictable model would continue each repeat like the first occurrence. "
            + "Make every piece distinct or set AllowRepeatedTokens. (Parameter 'corpus')",
            error.Message);
        Assert.Equal(3, PredictableModelBuilder.CreateVocabulary("one two two", PredictableModelOptions.Default with { AllowRepeatedTokens = true }).CorpusTokenIds.Count);
    }
}
