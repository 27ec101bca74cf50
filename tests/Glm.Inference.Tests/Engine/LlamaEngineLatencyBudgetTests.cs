using Glm.Inference.Engine;
using Glm.Inference.Generation;

namespace Glm.Inference.Tests.Engine;

/// <summary>
/// A request's latency budget on the real engine, with speeds fixed by a test hook (prompt 100 tokens/s, generation 10
/// tokens/s), so a 2 s budget always allows 160 new prompt tokens after the 4-token generation minimum. The long corpus
/// has one token per word, so every count is exact.
/// </summary>
[Trait("Speed", "Slow")]
public sealed class LlamaEngineLatencyBudgetTests
{
    private const string Prefix = "[gMASK]<sop>";
    private static readonly GenerationOptions Budgeted = new() { MaxTokens = 64, LatencyBudget = TimeSpan.FromSeconds(2) };

    [Fact]
    public async Task AColdPrompt_IsCutToTheNewestTextThatFits_AndGenerationIsCappedToWhatRemains()
    {
        await using var engine = await LoadAsync(new FixedSpeedHooks(new MeasuredSpeeds(100, 10)));

        var result = await engine.RunAsync(new RawPrompt(Prefix + EngineTestModels.Words(0, 1000)), Budgeted);

        // 1,002 new tokens, 160 allowed: 842 too many, cut in steps of 32 (864) from the oldest words, never the start
        // tokens. 138 are evaluated (1.38 s), which leaves 0.62 s: 6 tokens at 10 tokens/s.
        Assert.Equal(864, result.Stats.PromptTokensCutForBudget);
        Assert.Equal(138, result.Stats.PromptTokens);
        Assert.Equal(138, result.Stats.EvaluatedPromptTokens);
        Assert.Equal(6, result.Stats.BudgetTokenCap);
        Assert.Equal(StopReason.LatencyBudget, result.Stats.StopReason);
        Assert.Equal(EngineTestModels.Words(1000, 6), result.Text);
    }

    [Fact]
    public async Task TheNextKeystroke_CutsAtTheSamePlace_AndEvaluatesOnlyWhatIsNew()
    {
        await using var engine = await LoadAsync(new FixedSpeedHooks(new MeasuredSpeeds(100, 10)));
        await engine.RunAsync(new RawPrompt(Prefix + EngineTestModels.Words(0, 1000)), Budgeted);

        // Three more words typed: cut at the same 864 tokens, the prompt equals what the slot holds (the first prompt and
        // the words it generated), and one token is evaluated for its logits.
        var typed = await engine.RunAsync(new RawPrompt(Prefix + EngineTestModels.Words(0, 1003)), Budgeted);

        Assert.Equal(864, typed.Stats.PromptTokensCutForBudget);
        Assert.Equal(141, typed.Stats.PromptTokens);
        Assert.Equal(1, typed.Stats.EvaluatedPromptTokens);
        // 0.01 s of prompt leaves 1.99 s: 19 tokens.
        Assert.Equal(19, typed.Stats.BudgetTokenCap);
        Assert.Equal(19, typed.Stats.GeneratedTokens);
        Assert.Equal(StopReason.LatencyBudget, typed.Stats.StopReason);
        Assert.Equal(EngineTestModels.Words(1003, 19), typed.Text);
    }

    [Fact]
    public async Task ALaterCutThatWouldFitWithoutTheCache_KeepsTheCachedCut()
    {
        await using var engine = await LoadAsync(new FixedSpeedHooks(new MeasuredSpeeds(100, 10)));
        await engine.RunAsync(new RawPrompt(Prefix + EngineTestModels.Words(0, 1000)), Budgeted);

        // Forty more words: cut from scratch it would be 896 tokens, but the slot holds the prompt cut at 864 and the
        // 5 words generated after it, so at 864 only the 35 newer words are new, and they fit.
        var typed = await engine.RunAsync(new RawPrompt(Prefix + EngineTestModels.Words(0, 1040)), Budgeted);

        Assert.Equal(864, typed.Stats.PromptTokensCutForBudget);
        Assert.Equal(178, typed.Stats.PromptTokens);
        Assert.Equal(35, typed.Stats.EvaluatedPromptTokens);
        // 0.35 s of prompt leaves 1.65 s: 16 tokens.
        Assert.Equal(16, typed.Stats.BudgetTokenCap);
        Assert.Equal(EngineTestModels.Words(1040, 16), typed.Text);
    }

    [Fact]
    public async Task ACachedPrompt_IsNotCut_AndARequestWithoutBudgetIsNeitherCutNorCapped()
    {
        await using var engine = await LoadAsync(new FixedSpeedHooks(new MeasuredSpeeds(100, 10)));
        var prompt = new RawPrompt(Prefix + EngineTestModels.Words(0, 1000));

        var unbudgeted = await engine.RunAsync(prompt, new GenerationOptions { MaxTokens = 8 });
        var cached = await engine.RunAsync(prompt, Budgeted);

        Assert.Equal(1002, unbudgeted.Stats.EvaluatedPromptTokens);
        Assert.Equal(0, unbudgeted.Stats.PromptTokensCutForBudget);
        Assert.Null(unbudgeted.Stats.BudgetTokenCap);
        Assert.Equal(StopReason.MaxTokens, unbudgeted.Stats.StopReason);
        Assert.Equal(0, cached.Stats.PromptTokensCutForBudget);
        Assert.Equal(1, cached.Stats.EvaluatedPromptTokens);
        Assert.Equal(19, cached.Stats.BudgetTokenCap);
        Assert.Equal(EngineTestModels.Words(1000, 19), cached.Text);
    }

    [Fact]
    public async Task BeforeAnySpeedIsMeasured_AColdPromptIsCutToOneChunkOfNewTokens_AndNothingIsCapped()
    {
        await using var engine = await LoadAsync(hooks: null);
        Assert.Null(engine.Speeds);

        var result = await engine.RunAsync(new RawPrompt(Prefix + EngineTestModels.Words(0, 1000)), Budgeted with { MaxTokens = 8 });

        // 1,002 new tokens, 64 allowed while nothing is measured: 938 too many, cut in steps of 32 (960) from the oldest words.
        Assert.Equal(960, result.Stats.PromptTokensCutForBudget);
        Assert.Equal(42, result.Stats.EvaluatedPromptTokens);
        Assert.Null(result.Stats.BudgetTokenCap);
        Assert.Equal(StopReason.MaxTokens, result.Stats.StopReason);
        Assert.Equal(EngineTestModels.Words(1000, 8), result.Text);
        // The engine measured this request: both speeds are known now.
        Assert.NotNull(engine.Speeds);
    }

    [Fact]
    public async Task BeforeAnySpeedIsMeasured_ABudgetBoundsTheTime_SoAnExpiredOneStopsAfterTheGenerationMinimum()
    {
        await using var engine = await LoadAsync(hooks: null);

        var result = await engine.RunAsync(new RawPrompt(Prefix + EngineTestModels.Words(0, 1000)), Budgeted with { LatencyBudget = TimeSpan.Zero });

        Assert.Equal(42, result.Stats.EvaluatedPromptTokens);
        Assert.Equal(960, result.Stats.PromptTokensCutForBudget);
        Assert.Null(result.Stats.BudgetTokenCap);
        Assert.Equal(LatencyPlan.MinimumGeneratedTokens, result.Stats.GeneratedTokens);
        Assert.Equal(StopReason.LatencyBudget, result.Stats.StopReason);
        Assert.Equal(EngineTestModels.Words(1000, LatencyPlan.MinimumGeneratedTokens), result.Text);
    }

    [Fact]
    public async Task APrefill_MeasuresThePromptSpeed_SoTheRequestItPreparedLeavesBothSpeedsKnown()
    {
        await using var engine = await LoadAsync(hooks: null);
        var request = new GenerationRequest(new RawPrompt(Prefix + EngineTestModels.Words(0, 300)), Budgeted with { MaxTokens = 8 });

        await engine.PrefillAsync(request);
        // The request evaluates one token, too few to measure a prompt speed: the prefill's chunks gave it.
        var result = await engine.RunAsync(request.Prompt, request.Options);

        Assert.Equal(1, result.Stats.EvaluatedPromptTokens);
        Assert.NotNull(engine.Speeds);
    }

    [Fact]
    public async Task A_prompt_whose_start_tokens_alone_exceed_its_limit_keeps_its_last_token_and_is_not_planned()
    {
        await using var engine = await LoadAsync(new FixedSpeedHooks(new MeasuredSpeeds(100, 10)));

        // A limit of one token is less than [gMASK]<sop>, which no cut removes: the prompt falls back to its last token,
        // and a budget planned on the segments (which no longer describe that prompt) must not cap it.
        var result = await engine.RunAsync(
            new RawPrompt(Prefix + EngineTestModels.Words(0, 10)), Budgeted with { MaxPromptTokens = 1, MaxTokens = 30 });

        Assert.True(result.Stats.PromptTruncated);
        Assert.Equal(1, result.Stats.PromptTokens);
        Assert.Equal(0, result.Stats.PromptTokensCutForBudget);
        Assert.Null(result.Stats.BudgetTokenCap);
        Assert.Equal(StopReason.MaxTokens, result.Stats.StopReason);
        // After <sop> alone the model starts the corpus from its first word.
        Assert.Equal(EngineTestModels.Words(0, 30), result.Text);
    }

    private static Task<LlamaEngine> LoadAsync(IEngineTestHooks? hooks) =>
        LlamaEngine.LoadAsync(
            new EngineOptions(EngineTestModels.Long) { ContextSize = 2048, Slots = 1, Threads = 1, BatchSize = 512 },
            null,
            null,
            hooks,
            CancellationToken.None);

    private sealed class FixedSpeedHooks(MeasuredSpeeds speeds) : IEngineTestHooks
    {
        public MeasuredSpeeds? FixedSpeeds => speeds;
    }
}
