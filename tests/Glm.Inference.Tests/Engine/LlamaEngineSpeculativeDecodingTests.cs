using Glm.Inference.Engine;
using Glm.Inference.Generation;
using Glm.TestModels;

namespace Glm.Inference.Tests.Engine;

/// <summary>
/// Speculative decoding through the real engine on the long corpus of distinct words, whose greedy output after word i
/// is word i+1: the prompt decides whether prompt lookup drafts right (it holds the coming words in order), sometimes
/// right (some words replaced), or never right (the words in reverse). Every case must give exactly the plain output.
/// </summary>
[Trait("Speed", "Slow")]
public class LlamaEngineSpeculativeDecodingTests
{
    private const string Prefix = "[gMASK]<sop>";
    private static readonly GenerationOptions Plain = new() { SpeculativeDecoding = false };

    /// <summary>Words 100..159, then word 99: the output is word 100 on, and every later word follows in the prompt.</summary>
    private static readonly RawPrompt AlwaysRight = new(Prefix + EngineTestModels.Words(100, 60) + EngineTestModels.Words(99, 1));

    /// <summary>Words 150 down to 101, unrelated words, then word 100: each lookup finds a word followed by its predecessor.</summary>
    private static readonly RawPrompt NeverRight = new(
        Prefix + string.Concat(Enumerable.Range(101, 50).Reverse().Select(i => EngineTestModels.Words(i, 1))) + EngineTestModels.Words(1300, 20) + EngineTestModels.Words(100, 1));

    /// <summary>Words 100..199 with every tenth replaced by an unrelated word, then word 99.</summary>
    private static readonly RawPrompt SometimesRight = new(
        Prefix + string.Concat(Enumerable.Range(100, 100).Select(i => EngineTestModels.Words(i % 10 == 5 ? i + 1200 : i, 1))) + EngineTestModels.Words(99, 1));

    [Fact]
    public async Task Drafts_that_are_always_right_give_the_plain_output_in_few_verify_steps()
    {
        await using var engine = await EngineTestModels.LoadAsync(EngineTestModels.Long, contextSize: 4096);
        var options = new GenerationOptions { MaxTokens = 60 };

        var speculative = await engine.RunAsync(AlwaysRight, options);
        var plain = await engine.RunAsync(AlwaysRight, options with { SpeculativeDecoding = false });

        Assert.Equal(EngineTestModels.Words(100, 60), speculative.Text);
        Assert.Equal(plain.Text, speculative.Text);
        Assert.Equal(60, speculative.Stats.GeneratedTokens);
        Assert.Equal(speculative.Stats.DraftedTokens, speculative.Stats.AcceptedDraftTokens);
        // Drafts of 3 while the acceptance estimate grows, then two of 15; near the prompt's end the lookup has fewer
        // than 15 tokens to offer, and drafts of 3 (a batch of 4, the cheapest per token after 16) finish the request.
        Assert.Equal(9, speculative.Stats.VerifySteps);
        Assert.Equal((3 * 3) + (2 * 15) + (4 * 3), speculative.Stats.DraftedTokens);
        Assert.Equal(0, plain.Stats.DraftedTokens);
        Assert.Equal(0, plain.Stats.VerifySteps);
    }

    [Fact]
    public async Task Drafts_that_are_never_right_give_the_plain_output_and_drafting_pauses()
    {
        await using var engine = await EngineTestModels.LoadAsync(EngineTestModels.Long, contextSize: 4096);
        var options = new GenerationOptions { MaxTokens = 40 };

        var speculative = await engine.RunAsync(NeverRight, options);
        var plain = await engine.RunAsync(NeverRight, options with { SpeculativeDecoding = false });

        Assert.Equal(EngineTestModels.Words(101, 40), speculative.Text);
        Assert.Equal(plain.Text, speculative.Text);
        Assert.Equal(0, speculative.Stats.AcceptedDraftTokens);
        // Two misses of 3 tokens (the length the first estimate picks), a pause of 16 plain steps, one miss after it,
        // a pause of 32 that outlasts the request.
        Assert.Equal(3, speculative.Stats.VerifySteps);
        Assert.Equal(3 * 3, speculative.Stats.DraftedTokens);
    }

    [Fact]
    public async Task Drafts_that_are_sometimes_right_give_the_plain_output_and_the_slot_keeps_exactly_the_emitted_tokens()
    {
        await using var engine = await EngineTestModels.LoadAsync(EngineTestModels.Long, contextSize: 4096);
        var options = new GenerationOptions { MaxTokens = 100 };

        var speculative = await engine.RunAsync(SometimesRight, options);

        Assert.Equal(EngineTestModels.Words(100, 100), speculative.Text);
        Assert.InRange(speculative.Stats.AcceptedDraftTokens, 1, speculative.Stats.DraftedTokens - 1);
        // Rejected drafts left the KV cache: the slot holds the prompt and every emitted token but the last, as a plain
        // run leaves it, and a follow-up request reuses exactly that.
        var kept = speculative.Stats.PromptTokens + speculative.Stats.GeneratedTokens - 1;
        Assert.Equal(kept, engine.Statistics.Slots.Single(s => s.Id == speculative.Stats.SlotId).CachedTokens);
        var next = await engine.RunAsync(new RawPrompt(SometimesRight.Text + speculative.Text + EngineTestModels.Words(1400, 5)), options with { MaxTokens = 3 });
        Assert.Equal(kept, next.Stats.ReusedPromptTokens);
        Assert.Equal(EngineTestModels.Words(1405, 3), next.Text);

        var plain = await engine.RunAsync(SometimesRight, Plain with { MaxTokens = 100 });
        Assert.Equal(plain.Text, speculative.Text);
    }

    [Fact]
    public async Task A_stop_string_inside_an_accepted_draft_cuts_exactly_and_the_slot_keeps_what_a_plain_run_keeps()
    {
        await using var engine = await EngineTestModels.LoadAsync(EngineTestModels.Long, contextSize: 4096, slots: 1);
        var full = EngineTestModels.Words(100, 60);
        // The last two letters of word 120, the space and the first letter of word 121: decided only by word 121.
        var cut = full.IndexOf(EngineTestModels.Words(120, 1), StringComparison.Ordinal) + 2;
        var stop = full.Substring(cut, 4);
        Assert.Equal(cut, full.IndexOf(stop, StringComparison.Ordinal));
        var options = new GenerationOptions { MaxTokens = 60, StopStrings = [stop] };

        var speculative = await engine.RunAsync(AlwaysRight, options);
        var speculativeKept = engine.Statistics.Slots[0].CachedTokens;
        var plain = await engine.RunAsync(AlwaysRight, options with { SpeculativeDecoding = false });
        var plainKept = engine.Statistics.Slots[0].CachedTokens;

        Assert.Equal(full[..cut], speculative.Text);
        Assert.Equal(StopReason.StopString, speculative.Stats.StopReason);
        Assert.Equal(22, speculative.Stats.GeneratedTokens);
        Assert.True(speculative.Stats.AcceptedDraftTokens > 0);
        Assert.Equal(plain.Text, speculative.Text);
        Assert.Equal(plain.Stats.GeneratedTokens, speculative.Stats.GeneratedTokens);
        Assert.Equal(plainKept, speculativeKept);
        Assert.Equal(speculative.Stats.PromptTokens + 21, speculativeKept);
    }

    [Fact]
    public async Task A_character_split_across_a_draft_boundary_is_streamed_whole()
    {
        const int FirstByteOfFullStop = 0xE3;
        var prompt = new RawPrompt(Prefix + DefaultCorpus.Prose + "<|endoftext|>Good");
        // The prompt's tokens after "[gMASK]<sop>Good" are the output. The first draft starts at the first byte of "。" and
        // is wrong right after it, so that byte ends an accepted draft, the second is the model's own token and the third
        // starts the next draft, whatever lengths the policy picks.
        var options = new EngineOptions(EngineTestModels.ByteTokens)
        {
            ContextSize = 2048,
            Threads = 1,
            DrafterFactory = promptTokens =>
            {
                var script = promptTokens.Skip(3).ToList();
                var fullStop = script.IndexOf(FirstByteOfFullStop);
                return new ScriptedDrafter(script, position => position == fullStop + 1) { DraftsFrom = fullStop };
            },
        };
        await using var engine = await LlamaEngine.LoadAsync(options, null, null, CancellationToken.None);

        var speculative = await engine.RunAsync(prompt);
        var plain = await engine.RunAsync(prompt, Plain);

        Assert.Equal(DefaultCorpus.Prose["Good".Length..], speculative.Text);
        Assert.Equal(plain.Text, speculative.Text);
        Assert.DoesNotContain(speculative.Chunks, c => c.Contains('\uFFFD', StringComparison.Ordinal));
        Assert.Equal("。", speculative.Chunks[^1][^1..]);
        // The first byte; then the third, the end of text and the word after it in the prompt, which the model agrees
        // with but the end of text keeps from being emitted.
        Assert.Equal(4, speculative.Stats.AcceptedDraftTokens);
        Assert.Equal(2, speculative.Stats.VerifySteps);
    }

    [Fact]
    public async Task Cancelling_inside_a_verify_step_aborts_it_and_the_slot_keeps_only_the_prompt()
    {
        LlamaEngine? engine = null;
        using var cancellation = new CancellationTokenSource();
        long generatedBefore = 0;
        var armed = 0;
        var cancelledInside = 0;
        var options = new EngineOptions(EngineTestModels.Long)
        {
            ContextSize = 4096,
            Slots = 1,
            Threads = 1,
        };
        var hooks = new AbortPollHooks(running =>
        {
            // The first token is emitted before the first verify step; every decode call after it verifies a draft.
            if (Volatile.Read(ref armed) == 1 && engine!.Statistics.TotalTokensGenerated > generatedBefore && Interlocked.Exchange(ref cancelledInside, 1) == 0)
            {
                _ = cancellation.CancelAsync();
                SpinWait.SpinUntil(() => running.IsCancellationRequested, TimeSpan.FromSeconds(10));
            }
        });
        engine = await LlamaEngine.LoadAsync(options, null, null, hooks, CancellationToken.None);
        await using (engine)
        {
            generatedBefore = engine.Statistics.TotalTokensGenerated;
            var evaluatedBefore = engine.Statistics.TotalTokensEvaluated;
            Volatile.Write(ref armed, 1);
            var chunks = new List<string>();
            await Assert.ThrowsAnyAsync<OperationCanceledException>(async () =>
            {
                await foreach (var chunk in engine.GenerateAsync(new GenerationRequest(AlwaysRight, new GenerationOptions { MaxTokens = 60 }), cancellation.Token))
                {
                    chunks.Add(chunk.Text);
                }
            });
            Volatile.Write(ref armed, 0);

            Assert.Equal(1, cancelledInside);
            Assert.Equal(1, engine.Statistics.TotalTokensGenerated - generatedBefore);
            // Only the prompt's decode call completed: the aborted verify step counted nothing and left nothing behind.
            Assert.Equal(63, engine.Statistics.TotalTokensEvaluated - evaluatedBefore);
            Assert.Equal(63, engine.Statistics.Slots[0].CachedTokens);
            var next = await engine.RunAsync(new RawPrompt(AlwaysRight.Text + EngineTestModels.Words(100, 3)), new GenerationOptions { MaxTokens = 3 });
            Assert.Equal(63, next.Stats.ReusedPromptTokens);
            Assert.Equal(EngineTestModels.Words(103, 3), next.Text);
        }
    }

    [Fact]
    public async Task Concurrent_requests_on_two_slots_each_give_their_plain_output()
    {
        await using var engine = await EngineTestModels.LoadAsync(EngineTestModels.Long, contextSize: 4096, slots: 2);
        var options = new GenerationOptions { MaxTokens = 60 };

        var results = await Task.WhenAll(engine.RunAsync(AlwaysRight, options), engine.RunAsync(SometimesRight, options));

        Assert.Equal(EngineTestModels.Words(100, 60), results[0].Text);
        Assert.Equal(EngineTestModels.Words(100, 60), results[1].Text);
        Assert.NotEqual(results[0].Stats.SlotId, results[1].Stats.SlotId);
        Assert.All(results, r => Assert.True(r.Stats.AcceptedDraftTokens > 0));
        // Each slot kept its own prompt and output: asking each again evaluates one token only.
        var again = await Task.WhenAll(engine.RunAsync(AlwaysRight, options), engine.RunAsync(SometimesRight, options));
        Assert.All(again, r => Assert.Equal(1, r.Stats.EvaluatedPromptTokens));
        Assert.Equal(results[0].Text, again[0].Text);
        Assert.Equal(results[1].Text, again[1].Text);
    }

    [Fact]
    public async Task Sampled_requests_do_not_draft()
    {
        await using var engine = await EngineTestModels.LoadAsync(EngineTestModels.Long, contextSize: 4096);

        var sampled = await engine.RunAsync(AlwaysRight, new GenerationOptions { MaxTokens = 20, Temperature = 0.5f });

        Assert.Equal(20, sampled.Stats.GeneratedTokens);
        Assert.Equal(0, sampled.Stats.VerifySteps);
    }
}
