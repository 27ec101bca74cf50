using Glm.Inference.Engine;
using Glm.Inference.Generation;
using Glm.Inference.Gguf;
using Glm.Inference.Prompts;
using Glm.Inference.Tests.Tokenization;
using Glm.TestModels;

namespace Glm.Inference.Tests.Engine;

/// <summary>GLM-Edge on a predictable model in its layout, through the real llama.cpp path: the file as llama.cpp's
/// converter writes it, its profile and evidence, its chat prompt (no start tokens), its answers and stops.</summary>
[Trait("Speed", "Slow")]
public sealed class GlmEdgeFamilyTests
{
    [Fact]
    public void The_glmedge_layout_is_written_as_llama_cpps_converter_writes_glm_edge()
    {
        var model = TestModelFiles.Predictable(TestModelLayout.GlmEdge);
        var file = GgufReader.Read(model.Path);
        var summary = GgufModelValidator.Validate(model.Path);
        var tensors = file.Tensors.Select(t => t.Name).ToHashSet();

        Assert.Equal("chatglm", file.GetString("general.architecture"));
        Assert.Equal("glm-edge-1.5b-chat", file.GetString("general.name"));
        Assert.Equal("gpt2", file.GetString("tokenizer.ggml.model"));
        Assert.Equal("chatglm-bpe", file.GetString("tokenizer.ggml.pre"));
        Assert.Equal(GlmSpecialTokens.Glm4Added, file.GetStringArray("tokenizer.ggml.tokens").TakeLast(14));
        Assert.Equal(GlmEdgeChatTemplate.Text, file.GetString("tokenizer.chat_template"));
        Assert.Contains("blk.0.attn_q.weight", tensors);
        Assert.DoesNotContain("blk.0.attn_qkv.weight", tensors);
        Assert.DoesNotContain("blk.0.attn_q.bias", tensors);
        // partial_rotary_factor 1.0: the whole head rotates.
        Assert.Equal(summary.HyperParameters.EmbeddingLength / summary.HyperParameters.HeadCount, summary.HyperParameters.RopeDimensionCount);
    }

    [Fact]
    public async Task A_glm_edge_file_is_recognised_by_its_name_and_answers_a_chat_with_the_scripted_answer()
    {
        await using var engine = await EngineTestModels.LoadAsync(TestModelFiles.Predictable(TestModelLayout.GlmEdge).Path);

        var result = await engine.RunAsync(ChatPrompt.FromUser("What is this?", system: "Be brief."));

        Assert.Equal((ModelProfile.GlmEdge, false), (engine.Model.Profile, engine.Model.SupportsFillInTheMiddle));
        Assert.Equal("general.name 'glm-edge-1.5b-chat'", engine.Model.ProfileEvidence);
        Assert.Equal((DefaultCorpus.ChatAnswer, StopReason.EndOfText), (result.Text, result.Stats.StopReason));
    }

    [Fact]
    public void The_chat_prompt_has_the_glm_edge_token_pattern_without_start_tokens()
    {
        var model = TestModelFiles.Predictable(TestModelLayout.GlmEdge);
        using var weights = LlamaCppTokenizerParity.Load(model.Path);
        var vocabulary = new ModelVocabulary(weights, null);
        var formatted = new PromptFormatter(ModelProfile.GlmEdge, false).Format(ChatPrompt.FromUser("Good documentation", system: "Hello"));

        var texts = formatted.Segments.SelectMany(vocabulary.TokenizeSegment).Select(id => model.Vocabulary.Tokens[id]).ToArray();

        Assert.Equal(["<|system|>", "Ċ", "Hello", "<|user|>", "Ċ", "Good", "Ġdocumentation", "<|assistant|>", "Ċ"], texts);
    }

    [Fact]
    public async Task Generation_stops_at_observation_and_user()
    {
        var model = TestModelFiles.PredictableModel(
            "call tool<|observation|>result text<|user|>next question", PredictableModelOptions.For(TestModelLayout.GlmEdge));
        await using var engine = await EngineTestModels.LoadAsync(model.Path);

        var toObservation = await engine.RunAsync(new RawPrompt("call"));
        var toUser = await engine.RunAsync(new RawPrompt("result"));

        Assert.Equal((" tool", StopReason.EndOfText), (toObservation.Text, toObservation.Stats.StopReason));
        Assert.Equal((" text", StopReason.EndOfText), (toUser.Text, toUser.Stats.StopReason));
    }

    [Fact]
    public async Task A_document_spelling_turn_markers_is_continued_as_plain_text_with_no_start_tokens()
    {
        await using var engine = await EngineTestModels.LoadAsync(TestModelFiles.Predictable(TestModelLayout.GlmEdge).Path);
        const string document = "A note about <|user|> and <|endoftext|> markers. Good documentation";

        var result = await engine.RunAsync(new FillInTheMiddlePrompt(document, string.Empty));

        Assert.StartsWith(" explains why the code exists", result.Text, StringComparison.Ordinal);
        Assert.Equal(engine.CountTokens(document), result.Stats.PromptTokens);
    }

    [Fact]
    public async Task A_greedy_loop_stops_with_its_own_stop_reason()
    {
        var model = TestModelFiles.PredictableModel(
            BehaviourCorpora.ScriptedChat(BehaviourCorpora.LoopingAnswer, TestModelLayout.GlmEdge),
            PredictableModelOptions.For(TestModelLayout.GlmEdge) with { AllowRepeatedTokens = true });
        await using var engine = await EngineTestModels.LoadAsync(model.Path);

        var result = await engine.RunAsync(ChatPrompt.FromUser("Tell me"), new GenerationOptions { MaxTokens = 500 });

        Assert.Equal(StopReason.Loop, result.Stats.StopReason);
        Assert.StartsWith(BehaviourCorpora.LoopingAnswerBeforeRepeat + " result is the result", result.Text, StringComparison.Ordinal);
    }
}
