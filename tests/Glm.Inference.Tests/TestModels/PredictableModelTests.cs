using Glm.Inference.Tokenization;
using Glm.TestModels;

namespace Glm.Inference.Tests.TestModels;

/// <summary>The predictable model's contract, checked through llama.cpp itself (tokenizer and greedy decoding).</summary>
[Trait("Speed", "Slow")]
public sealed class PredictableModelTests
{
    [Fact]
    public void Llama_cpp_tokenizes_the_default_corpus_exactly_as_the_builder_planned()
    {
        var model = TestModelFiles.PredictableModel(DefaultCorpus.Text);
        using var loop = GreedyLoop.Load(model.Path);

        Assert.Equal(model.Vocabulary.CorpusTokenIds, loop.Tokenize(DefaultCorpus.Text));
    }

    [Fact]
    public void Every_piece_of_the_default_corpus_is_one_llama_cpp_token()
    {
        var model = TestModelFiles.PredictableModel(DefaultCorpus.Text);
        using var loop = GreedyLoop.Load(model.Path);

        var notSingle = model.Vocabulary.CorpusPieces.Where(piece => loop.Tokenize(piece).Length != 1).ToArray();

        Assert.Empty(notSingle);
    }

    [Fact]
    public void Greedy_generation_from_a_prose_prefix_reproduces_the_rest_of_the_corpus_then_stops_at_end_of_text()
    {
        using var loop = GreedyLoop.Load(TestModelFiles.Predictable());

        var result = loop.Generate("Good documentation");

        Assert.True(result.StoppedAtEnd);
        Assert.Equal(
            " explains why the code exists, not merely what it does; write for a reader who arrives next year holding one bug report and no context. 山川异域，风月同天。",
            result.Text);
    }

    [Fact]
    public void Llama_cpp_splits_a_corpus_of_tricky_text_into_the_same_tokens_as_the_builder()
    {
        // Digits in runs of three, contractions, runs of spaces, CRLF, tabs, punctuation runs, emoji and special tokens:
        // if the managed pre-tokenizer disagreed with llama.cpp's splitter anywhere, some piece would come out as
        // several tokens here.
        const string corpus = "[gMASK]<sop><|system|>\nYou're 12345 times\t\tbetter!!\r\nisn't it?  Yes...   "
            + "f(x) = y[0] + 42;\n\n\n  indented\u00A0nbsp 😀 emoji, and ＡＢＣ１２３ full-width.<|user|>";
        var model = TestModelFiles.PredictableModel(corpus, new PredictableModelOptions { AllowRepeatedTokens = true });
        using var loop = GreedyLoop.Load(model.Path);

        Assert.Equal(model.Vocabulary.CorpusTokenIds, loop.Tokenize(corpus));
        Assert.Equal(model.Vocabulary.CorpusPieces.Count, model.Vocabulary.CorpusTokenIds.Count);
    }

    [Fact]
    public void Greedy_generation_from_every_piece_boundary_reproduces_the_rest_of_the_default_corpus()
    {
        var model = TestModelFiles.PredictableModel(DefaultCorpus.Text);
        using var loop = GreedyLoop.Load(model.Path);
        var pieces = model.Vocabulary.CorpusPieces;
        var failures = new List<string>();
        for (var cut = 1; cut < pieces.Count; cut++)
        {
            var prefix = string.Concat(pieces.Take(cut));
            var expectedIds = model.Vocabulary.CorpusTokenIds.Skip(cut).TakeWhile(id => !loop.IsEndOfGeneration(id)).ToList();
            var endId = model.Vocabulary.CorpusTokenIds.Skip(cut).Concat([model.Vocabulary.SpecialId(GlmControlTokens.EndOfText)])
                .First(loop.IsEndOfGeneration);
            expectedIds.Add(endId);
            var result = loop.Generate(prefix);
            if (!result.Tokens.SequenceEqual(expectedIds))
            {
                failures.Add($"after piece {cut} ('{pieces[cut - 1]}'): got [{string.Join(",", result.Tokens)}], expected [{string.Join(",", expectedIds)}]");
            }
        }

        Assert.Empty(failures);
    }

    [Fact]
    public void A_chat_prompt_rendered_by_llama_cpps_template_is_answered_with_the_scripted_answer()
    {
        using var loop = GreedyLoop.Load(TestModelFiles.Predictable());

        var prompt = loop.ApplyChatTemplate(("system", "Be brief."), ("user", "What is this?"));
        var result = loop.Generate(prompt);

        Assert.Equal("[gMASK]<sop><|system|>\nBe brief.<|user|>\nWhat is this?<|assistant|>\n", prompt);
        Assert.Equal(DefaultCorpus.ChatAnswer, result.Text);
        Assert.Equal("Hi there! How can I help you today?", result.Text);
        Assert.True(result.StoppedAtEnd);
    }

    [Fact]
    public void An_unmerged_chinese_piece_comes_out_as_one_byte_per_token()
    {
        var options = new PredictableModelOptions { UnmergedPieces = [DefaultCorpus.MultiByteCharacterPiece] };
        var model = TestModelFiles.PredictableModel(DefaultCorpus.Text, options);
        using var loop = GreedyLoop.Load(model.Path);

        var result = loop.Generate("Good documentation explains why the code exists, not merely what it does; write for a reader who arrives next year holding one bug report and no context. 山川异域，风月同天");

        Assert.Equal([0xE3, 0x80, 0x82, model.Vocabulary.SpecialId(GlmControlTokens.EndOfText)], result.Tokens);
        Assert.Equal("。", result.Text);
        Assert.Equal([0xE3, 0x80, 0x82], loop.Tokenize("。"));
    }

    [Fact]
    public void A_thousand_word_corpus_gives_a_thousand_prompt_tokens_and_a_small_model()
    {
        var corpus = DistinctWordsCorpus.Create(1000);
        var model = TestModelFiles.PredictableModel(corpus);
        using var loop = GreedyLoop.Load(model.Path, contextSize: 2048);

        var prefix = string.Concat(Enumerable.Range(0, 990).Select(DistinctWordsCorpus.Word));
        var result = loop.Generate(prefix);

        Assert.Equal(1000, loop.Tokenize(corpus).Length);
        Assert.Equal(1286, model.Vocabulary.Count);
        Assert.Equal(" tc td te tf tg th ti tj tk tl", result.Text);
        Assert.True(result.StoppedAtEnd);
    }

    [Fact]
    public void F16_matrices_give_the_same_greedy_output_as_f32()
    {
        var options = new PredictableModelOptions { MatrixType = Glm.Inference.Gguf.GgmlType.F16, BlockCount = 2 };
        using var loop = GreedyLoop.Load(TestModelFiles.Predictable(DefaultCorpus.Text, options));

        var result = loop.Generate("Good documentation explains why");

        Assert.Equal(" the code exists, not merely what it does; write for a reader who arrives next year holding one bug report and no context. 山川异域，风月同天。", result.Text);
        Assert.True(result.StoppedAtEnd);
    }

    [Fact]
    public void With_the_chatglm3_template_the_answer_starts_with_the_newline_that_follows_the_assistant_tag()
    {
        var options = new PredictableModelOptions { ChatTemplate = ChatGlm3ChatTemplate.Text };
        using var loop = GreedyLoop.Load(TestModelFiles.Predictable(DefaultCorpus.Text, options));

        var prompt = loop.ApplyChatTemplate(("user", "Hello"));
        var result = loop.Generate(prompt);

        Assert.Equal("[gMASK]sop<|user|>\n Hello<|assistant|>", prompt);
        Assert.Equal("\nHi there! How can I help you today?", result.Text);
        Assert.True(result.StoppedAtEnd);
    }

    [Theory]
    [InlineData("Good documentation")]
    [InlineData("[gMASK]<sop><|user|>\nWhat is this?<|assistant|>\n")]
    [InlineData("Tell me anything")]
    [InlineData("风月")]
    [InlineData("a reader who arrives")]
    [InlineData("<|assistant|>")]
    [InlineData("Hello")]
    public void The_managed_prediction_matches_llama_cpps_greedy_output_for_any_prompt(string prompt)
    {
        var model = TestModelFiles.PredictableModel(DefaultCorpus.Text);
        using var loop = GreedyLoop.Load(model.Path);

        var predicted = model.Vocabulary.PredictGreedy(prompt);
        var actual = loop.Generate(prompt);

        Assert.Equal(loop.Tokenize(prompt), model.Vocabulary.Tokenize(prompt));
        Assert.Equal(actual.Tokens, predicted.TokenIds);
        Assert.Equal(actual.Text, predicted.Text);
        Assert.True(predicted.StoppedAtEnd);
    }

    [Fact]
    public void Prompts_outside_the_corpus_are_answered_with_end_of_text_at_once()
    {
        var vocabulary = TestModelFiles.PredictableModel(DefaultCorpus.Text).Vocabulary;

        Assert.Equal("", vocabulary.PredictGreedy("Tell me anything").Text);
        Assert.Equal(" the code exists, not", vocabulary.PredictGreedy("explains why", maxTokens: 5).Text);
        Assert.False(vocabulary.PredictGreedy("explains why", maxTokens: 5).StoppedAtEnd);
        Assert.Equal("\nHi there! How can I help you today?", vocabulary.PredictGreedy("<|assistant|>").Text);
        Assert.Equal("\nHi there! How can I help you today?", vocabulary.PredictGreedy("Hello").Text);
    }
}
