using Glm.TestModels;

namespace Glm.Inference.Tests.TestModels;

/// <summary>The predictable contract on every real family's layout, checked through llama.cpp's own tokenizer and
/// greedy decoding: distinct corpus pieces are single tokens and replay exactly.</summary>
[Trait("Speed", "Slow")]
public sealed class LayoutContractTests
{
    public static TheoryData<TestModelLayout> Layouts =>
        [TestModelLayout.Glm4, TestModelLayout.ChatGlm3, TestModelLayout.Glm4_0414, TestModelLayout.CodeGeeX4, TestModelLayout.GlmEdge];

    [Theory]
    [MemberData(nameof(Layouts))]
    public void Llama_cpp_tokenizes_the_layouts_default_corpus_as_the_builder_planned_one_token_per_piece(TestModelLayout layout)
    {
        var model = TestModelFiles.Predictable(layout);
        using var loop = GreedyLoop.Load(model.Path);

        Assert.Equal(model.Vocabulary.CorpusTokenIds, loop.TokenizeScaffolded(model.Corpus, AllControlTokens(model)));
        Assert.Equal(model.Vocabulary.CorpusPieces.Count, model.Vocabulary.CorpusTokenIds.Count);
    }

    [Theory]
    [MemberData(nameof(Layouts))]
    public void Greedy_generation_from_every_piece_boundary_replays_the_rest_of_the_corpus(TestModelLayout layout)
    {
        var model = TestModelFiles.Predictable(layout);
        var vocabulary = model.Vocabulary;
        using var loop = GreedyLoop.Load(model.Path);
        var ids = vocabulary.CorpusTokenIds;
        var failures = new List<string>();
        for (var cut = 1; cut < ids.Count; cut++)
        {
            if (vocabulary.IsEndOfGeneration(ids[cut - 1]))
            {
                // A repeated end-of-turn token (ChatGLM3's corpus ends its answer with <|user|>) continues like its first
                // occurrence; generation never passes one anyway.
                continue;
            }

            var expected = ids.Skip(cut).TakeWhile(id => !vocabulary.IsEndOfGeneration(id)).ToList();
            var result = loop.Generate(ids.Take(cut).ToArray(), isEnd: vocabulary.IsEndOfGeneration);
            var generated = result.StoppedAtEnd ? result.Tokens.Take(result.Tokens.Count - 1) : result.Tokens;
            if (!generated.SequenceEqual(expected))
            {
                failures.Add($"after token {cut}: got [{string.Join(",", result.Tokens)}], expected [{string.Join(",", expected)}]");
            }
        }

        Assert.Empty(failures);
    }

    [Theory]
    [MemberData(nameof(Layouts))]
    public void Every_behaviour_corpus_builds_on_every_layout_with_distinct_pieces(TestModelLayout layout)
    {
        var options = PredictableModelOptions.For(layout);
        foreach (var answer in BehaviourCorpora.ChattyAnswers)
        {
            var vocabulary = PredictableModelBuilder.CreateVocabulary(BehaviourCorpora.ScriptedChat(answer.Answer, layout), options);
            Assert.Equal(vocabulary.CorpusPieces.Count, vocabulary.CorpusTokenIds.Count);
        }
    }

    [Fact]
    public void The_chatglm3_layout_is_written_as_llama_cpps_converter_writes_chatglm3()
    {
        var model = TestModelFiles.Predictable(TestModelLayout.ChatGlm3);
        var file = Glm.Inference.Gguf.GgufReader.Read(model.Path);

        Assert.Equal("llama", file.GetString("tokenizer.ggml.model"));
        Assert.Equal("chatglm-spm", file.GetString("tokenizer.ggml.pre"));
        Assert.Equal(["<unk>", "<bos>", "<eos>", "<0x00>"], file.GetStringArray("tokenizer.ggml.tokens").Take(4));
        Assert.Equal("<0xFF>", file.GetStringArray("tokenizer.ggml.tokens")[258]);
        Assert.Equal(GlmSpecialTokens.ChatGlm3Control, file.GetStringArray("tokenizer.ggml.tokens").TakeLast(9));
        Assert.Equal(2u, file.GetUInt32("tokenizer.ggml.eos_token_id"));
        Assert.False(file.ContainsKey("tokenizer.ggml.add_space_prefix"));
        Assert.Equal(ChatGlm3ChatTemplate.Text, file.GetString("tokenizer.chat_template"));
    }

    [Fact]
    public void The_chatglm3_layout_continues_the_people_with_the_rest_of_its_corpus()
    {
        var model = TestModelFiles.Predictable(TestModelLayout.ChatGlm3);
        using var loop = GreedyLoop.Load(model.Path);

        var prompt = loop.TokenizeScaffolded("The people", AllControlTokens(model));
        var result = loop.Generate(prompt, isEnd: model.Vocabulary.IsEndOfGeneration);

        Assert.Equal(" develop philosophy: Aesop saw that leopard", result.Text);
        Assert.Equal(model.Vocabulary.PredictGreedy("The people").Text, result.Text);
    }

    private static IEnumerable<string> AllControlTokens(PredictableModel model) =>
        model.Vocabulary is SentencePieceCorpusVocabulary spm ? spm.ParsedSpecialTokens : model.Vocabulary.SpecialTokens;
}
