using Glm.Inference.Engine;
using Glm.Inference.Generation;
using Glm.Inference.Gguf;
using Glm.Inference.Prompts;
using Glm.Inference.Tests.Tokenization;
using Glm.TestModels;

namespace Glm.Inference.Tests.Engine;

/// <summary>Behaviour that depends on the family, on predictable models in each real family's layout: chat formats,
/// stops, control tokens only where the prompt's scaffolding puts them, CodeGeeX4's infilling prompt.</summary>
[Trait("Speed", "Slow")]
public sealed class ModelFamilyTests
{
    private const string ControlWords = "The people develop philosophy; Aesop saw a leopard";

    public static TheoryData<TestModelLayout, ModelProfile> Layouts => new()
    {
        { TestModelLayout.Glm4, ModelProfile.Glm4 },
        { TestModelLayout.ChatGlm3, ModelProfile.ChatGlm3 },
        { TestModelLayout.Glm4_0414, ModelProfile.Glm4_0414 },
        { TestModelLayout.CodeGeeX4, ModelProfile.CodeGeeX4 },
    };

    [Theory]
    [MemberData(nameof(Layouts))]
    public async Task A_chat_prompt_is_answered_with_the_scripted_answer_and_nothing_else_on_every_layout(TestModelLayout layout, ModelProfile profile)
    {
        await using var engine = await EngineTestModels.LoadAsync(TestModelFiles.Predictable(layout).Path);

        var result = await engine.RunAsync(ChatPrompt.FromUser("What is this?", system: "Be brief."));

        Assert.Equal(profile, engine.Model.Profile);
        // ChatGLM3's reply starts with its header line (" \n") and the word space, both dropped.
        Assert.Equal(DefaultCorpus.ChatAnswer, result.Text);
        Assert.Equal(StopReason.EndOfText, result.Stats.StopReason);
    }

    [Theory]
    [MemberData(nameof(Layouts))]
    public async Task Generation_stops_at_observation_and_user_on_every_layout(TestModelLayout layout, ModelProfile profile)
    {
        var start = PromptFormatter.StartTokensFor(profile);
        var model = TestModelFiles.PredictableModel(
            start + "call tool<|observation|>result text<|user|>next question", PredictableModelOptions.For(layout));
        await using var engine = await EngineTestModels.LoadAsync(model.Path);

        var toObservation = await engine.RunAsync(new RawPrompt(start + "call"));
        var toUser = await engine.RunAsync(new RawPrompt(start + "result"));

        Assert.Equal((" tool", StopReason.EndOfText), (toObservation.Text, toObservation.Stats.StopReason));
        Assert.Equal((" text", StopReason.EndOfText), (toUser.Text, toUser.Stats.StopReason));
    }

    [Theory]
    [MemberData(nameof(Layouts))]
    public async Task A_document_spelling_turn_markers_is_completed_as_text_on_every_layout(TestModelLayout layout, ModelProfile profile)
    {
        var model = TestModelFiles.Predictable(layout);
        await using var engine = await EngineTestModels.LoadAsync(model.Path);
        const string document = "A note about <|user|> and <|endoftext|> markers. Good documentation";

        var result = await engine.RunAsync(new FillInTheMiddlePrompt(document, string.Empty));

        if (profile == ModelProfile.CodeGeeX4)
        {
            // CodeGeeX4 is given its infilling prompt, which ends with the assistant turn the corpus answers.
            Assert.Equal(DefaultCorpus.ChatAnswer, result.Text);
            return;
        }

        Assert.StartsWith(" explains why the code exists", result.Text, StringComparison.Ordinal);
        // Start tokens plus the document as plain text: the markers were not read as control tokens.
        Assert.Equal(2 + engine.CountTokens(document), result.Stats.PromptTokens);
    }

    [Fact]
    public void On_chatglm3_words_holding_sop_and_eop_are_no_control_tokens_as_content_but_are_with_llama_cpps_special_parsing()
    {
        var model = TestModelFiles.Predictable(TestModelLayout.ChatGlm3);
        using var weights = LlamaCppTokenizerParity.Load(model.Path);
        var vocabulary = new ModelVocabulary(weights, LlamaEngine.SentencePieceIds(GgufReader.Read(model.Path)));

        var plain = vocabulary.TokenizeSegment(PromptSegment.Content(ControlWords));
        var raw = vocabulary.TokenizeSegment(new PromptSegment(ControlWords));
        var specialParsing = vocabulary.Tokenize(ControlWords);

        Assert.DoesNotContain(plain, vocabulary.IsControl);
        Assert.DoesNotContain(raw, vocabulary.IsControl);
        Assert.Equal(plain, raw);
        // What the issue saw: llama.cpp's special parsing cuts "people" and "Aesop" around eop and sop.
        Assert.Contains(model.Vocabulary.SpecialId("eop"), specialParsing);
        Assert.Contains(model.Vocabulary.SpecialId("sop"), specialParsing);
    }

    [Fact]
    public void On_chatglm3_a_control_token_that_sentencepiece_merging_forms_inside_content_is_spelled_out()
    {
        // "so" is a token of its own here (the piece after the newline), so llama.cpp's merge of "so" + "p" forms the
        // score-0 control token sop even without special parsing.
        var model = TestModelFiles.PredictableModel("[gMASK]sopLine one\nso be it", PredictableModelOptions.For(TestModelLayout.ChatGlm3));
        using var weights = LlamaCppTokenizerParity.Load(model.Path);
        var vocabulary = new ModelVocabulary(weights, LlamaEngine.SentencePieceIds(GgufReader.Read(model.Path)));
        var sop = model.Vocabulary.SpecialId("sop");

        var llamaCppPlain = weights.Tokenize("\nsop", false, false, System.Text.Encoding.UTF8).Select(t => (int)t).ToArray();
        var content = vocabulary.TokenizePlain("\nsop");

        Assert.Contains(sop, llamaCppPlain);
        Assert.DoesNotContain(content, vocabulary.IsControl);
        Assert.Equal("\u2581\nsop", System.Text.Encoding.UTF8.GetString([.. content.SelectMany(id => Bytes(model.Vocabulary.Tokens[id]))]));
    }

    [Theory]
    [MemberData(nameof(Layouts))]
    public void A_selection_spelling_turn_markers_is_rewritten_as_text(TestModelLayout layout, ModelProfile profile)
    {
        var model = TestModelFiles.Predictable(layout);
        var prompt = ChatPrompt.FromUser("Rewrite: stop at <|user|> or <|endoftext|> or <|assistant|>.", system: "Rewrite the text.");

        var texts = PromptTokenTexts(model, profile, prompt);

        // Only the scaffolding's control tokens: start tokens, the two role tags and the assistant tag.
        var controls = texts.Where(model.Vocabulary.SpecialTokens.Contains).ToArray();
        Assert.Equal(
            profile == ModelProfile.ChatGlm3
                ? ["[gMASK]", "sop", "<|system|>", "<|user|>", "<|assistant|>"]
                : ["[gMASK]", "<sop>", "<|system|>", "<|user|>", "<|assistant|>"],
            controls);
    }

    [Fact]
    public void Chat_prompts_have_the_reference_token_pattern_chatglm3()
    {
        var model = TestModelFiles.Predictable(TestModelLayout.ChatGlm3);
        var texts = PromptTokenTexts(model, ModelProfile.ChatGlm3, ChatPrompt.FromUser("The people develop philosophy: Aesop saw that leopard"));

        Assert.Equal(
            ["[gMASK]", "sop", "<|user|>", "▁\n", "▁The", "▁people", "▁develop", "▁philosophy", ":", "▁Aesop", "▁saw", "▁that", "▁leopard", "<|assistant|>"],
            texts);
    }

    [Fact]
    public void Chat_prompts_have_the_reference_token_pattern_glm4()
    {
        var model = TestModelFiles.Predictable(TestModelLayout.Glm4);
        var texts = PromptTokenTexts(model, ModelProfile.Glm4, ChatPrompt.FromUser("Good documentation"));

        Assert.Equal(["[gMASK]", "<sop>", "<|user|>", "Ċ", "Good", "Ġdocumentation", "<|assistant|>", "Ċ"], texts);
    }

    [Fact]
    public async Task A_raw_prompt_on_chatglm3_keeps_people_a_word_and_continues_it()
    {
        await using var engine = await EngineTestModels.LoadAsync(TestModelFiles.Predictable(TestModelLayout.ChatGlm3).Path);

        var bare = await engine.RunAsync(new RawPrompt("The people"));
        var scaffolded = await engine.RunAsync(new RawPrompt("[gMASK]sopThe people"));
        var continuation = await engine.RunAsync(new FillInTheMiddlePrompt("# Notes\n\nThe people", string.Empty));

        Assert.Equal(" develop philosophy: Aesop saw that leopard", bare.Text);
        Assert.Equal(" develop philosophy: Aesop saw that leopard", scaffolded.Text);
        Assert.Equal(" develop philosophy: Aesop saw that leopard", continuation.Text);
    }

    [Fact]
    public async Task A_codegeex4_named_glm4_model_gets_its_infilling_prompt_with_text_markers_and_stops_at_a_marker()
    {
        // The model answers only a prompt that ends the way CodeGeeX4's infilling prompt ends; a plain continuation of
        // the comment would end on " people" instead.
        var model = TestModelFiles.PredictableModel(
            "[gMASK]<sop><|assistant|>\n develop philosophy<|code_suffix|> never shown<|endoftext|>",
            PredictableModelOptions.For(TestModelLayout.CodeGeeX4) with { AllowRepeatedTokens = true });
        await using var engine = await EngineTestModels.LoadAsync(model.Path);

        var result = await engine.RunAsync(new FillInTheMiddlePrompt("# The people", "\nprint(1)\n", "notes.py", "python"));

        Assert.Equal((ModelProfile.CodeGeeX4, true), (engine.Model.Profile, engine.Model.SupportsFillInTheMiddle));
        Assert.Equal("general.name 'codegeex4-all-9b'; its infilling markers are text, not tokens", engine.Model.ProfileEvidence);
        Assert.Equal((" develop philosophy", StopReason.StopString), (result.Text, result.Stats.StopReason));
    }

    [Theory]
    [MemberData(nameof(Layouts))]
    public async Task A_greedy_loop_stops_with_its_own_stop_reason_on_every_layout(TestModelLayout layout, ModelProfile profile)
    {
        var model = TestModelFiles.PredictableModel(
            BehaviourCorpora.ScriptedChat(BehaviourCorpora.LoopingAnswer, layout), PredictableModelOptions.For(layout) with { AllowRepeatedTokens = true });
        await using var engine = await EngineTestModels.LoadAsync(model.Path);

        var result = await engine.RunAsync(ChatPrompt.FromUser("Tell me"), new GenerationOptions { MaxTokens = 500 });

        Assert.Equal(profile, engine.Model.Profile);
        Assert.Equal(StopReason.Loop, result.Stats.StopReason);
        Assert.Equal(LoopText, result.Text);
    }

    [Fact]
    public async Task Only_codegeex4_stops_at_the_assistant_tag()
    {
        // CodeGeeX4's infilling prompt ends with the assistant tag, so a second one ends its answer; on GLM-4 the tag
        // is just a control token that prints nothing.
        const string Corpus = "[gMASK]<sop>call tool<|assistant|>result text<|user|>next question";
        var glm4 = TestModelFiles.PredictableModel(Corpus, PredictableModelOptions.For(TestModelLayout.Glm4));
        var codeGeeX4 = TestModelFiles.PredictableModel(Corpus, PredictableModelOptions.For(TestModelLayout.CodeGeeX4));
        await using var glm4Engine = await EngineTestModels.LoadAsync(glm4.Path);
        await using var codeGeeX4Engine = await EngineTestModels.LoadAsync(codeGeeX4.Path);

        var onGlm4 = await glm4Engine.RunAsync(new RawPrompt("[gMASK]<sop>call"));
        var onCodeGeeX4 = await codeGeeX4Engine.RunAsync(new RawPrompt("[gMASK]<sop>call"));

        Assert.Equal((ModelProfile.Glm4, " toolresult text"), (glm4Engine.Model.Profile, onGlm4.Text));
        Assert.Equal((ModelProfile.CodeGeeX4, " tool", StopReason.EndOfText), (codeGeeX4Engine.Model.Profile, onCodeGeeX4.Text, onCodeGeeX4.Stats.StopReason));
    }

    [Fact]
    public async Task Chatglm3_is_recognised_by_its_control_token_sop()
    {
        // Its chat template writes "[gMASK]sop" too, which would also give ChatGLM3, but by weaker evidence.
        await using var engine = await EngineTestModels.LoadAsync(TestModelFiles.Predictable(TestModelLayout.ChatGlm3).Path);

        Assert.Equal((ModelProfile.ChatGlm3, "control token 'sop' without brackets"), (engine.Model.Profile, engine.Model.ProfileEvidence));
    }

    [Fact]
    public void Only_a_sentencepiece_vocabulary_gets_its_token_ids_by_text()
    {
        var chatGlm3 = TestModelFiles.Predictable(TestModelLayout.ChatGlm3);

        var ids = LlamaEngine.SentencePieceIds(GgufReader.Read(chatGlm3.Path));

        Assert.NotNull(ids);
        Assert.Equal(chatGlm3.Vocabulary.Tokens.Count, ids.Count);
        Assert.Equal(chatGlm3.Vocabulary.SpecialId("sop"), ids["sop"]);
        Assert.Null(LlamaEngine.SentencePieceIds(GgufReader.Read(TestModelFiles.Predictable(TestModelLayout.Glm4).Path)));
    }

    /// <summary>"Sure. The" and then the three-token cycle " result is the" until the last generated tokens repeat it
    /// over at least <see cref="LoopDetector.MinLoopTokens"/> tokens, rounded up to whole cycles (33 tokens, 11 cycles).</summary>
    private static string LoopText =>
        "Sure. The" + string.Concat(Enumerable.Repeat(" result is the", 11));

    private static byte[] Bytes(string tokenText) =>
        tokenText.StartsWith("<0x", StringComparison.Ordinal) ? [Convert.ToByte(tokenText[3..5], 16)] : System.Text.Encoding.UTF8.GetBytes(tokenText);

    private static string[] PromptTokenTexts(PredictableModel model, ModelProfile profile, Prompt prompt)
    {
        using var weights = LlamaCppTokenizerParity.Load(model.Path);
        var vocabulary = new ModelVocabulary(weights, LlamaEngine.SentencePieceIds(GgufReader.Read(model.Path)));
        var formatted = new PromptFormatter(profile, false).Format(prompt);
        return [.. formatted.Segments.SelectMany(vocabulary.TokenizeSegment).Select(id => model.Vocabulary.Tokens[id])];
    }
}
