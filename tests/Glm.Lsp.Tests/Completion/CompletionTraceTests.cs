using Glm.Inference.Generation;
using Glm.Lsp.Completion;

namespace Glm.Lsp.Tests.Completion;

public sealed class CompletionTraceTests
{
    [Fact]
    public void A_request_that_never_reached_the_model_is_traced_as_skipped()
    {
        var trace = new CompletionTrace();

        Assert.Equal("skipped", trace.Outcome);
        Assert.Null(trace.TimeToFirstToken);
        Assert.Empty(trace.Generations);
        Assert.Null(trace.ModelFreedTimestamp);
    }

    [Fact]
    public void The_time_to_first_token_counts_from_arrival_when_the_generation_produced_tokens()
    {
        var trace = new CompletionTrace();
        var stats = Stats(generatedTokens: 3, timeToFirstToken: TimeSpan.FromMilliseconds(250));

        trace.Generated(TimeSpan.FromMilliseconds(40), stats);

        Assert.Equal(TimeSpan.FromMilliseconds(290), trace.TimeToFirstToken);
        Assert.Same(stats, Assert.Single(trace.Generations));
        Assert.NotNull(trace.ModelFreedTimestamp);
    }

    [Fact]
    public void A_generation_without_tokens_has_no_time_to_first_token()
    {
        var trace = new CompletionTrace();

        trace.Generated(TimeSpan.FromMilliseconds(40), Stats(generatedTokens: 0, timeToFirstToken: TimeSpan.FromMilliseconds(250)));

        Assert.Null(trace.TimeToFirstToken);
        Assert.Single(trace.Generations);
    }

    [Fact]
    public void The_first_generation_with_tokens_gives_the_time_to_first_token_and_later_ones_do_not_change_it()
    {
        // An invoked request generates two shapes; the editor waited for the first token of the first one.
        var trace = new CompletionTrace();
        var first = Stats(generatedTokens: 2, timeToFirstToken: TimeSpan.FromMilliseconds(100));
        var second = Stats(generatedTokens: 5, timeToFirstToken: TimeSpan.FromMilliseconds(30));
        var empty = Stats(generatedTokens: 0, timeToFirstToken: TimeSpan.Zero);

        trace.Generated(TimeSpan.FromMilliseconds(10), first);
        trace.Generated(TimeSpan.FromMilliseconds(500), second);
        trace.Generated(TimeSpan.FromMilliseconds(900), empty);

        Assert.Equal(TimeSpan.FromMilliseconds(110), trace.TimeToFirstToken);
        Assert.Equal([first, second, empty], trace.Generations);
    }

    [Fact]
    public void A_first_generation_without_tokens_leaves_the_time_to_first_token_to_the_next_one()
    {
        var trace = new CompletionTrace();

        trace.Generated(TimeSpan.FromMilliseconds(10), Stats(generatedTokens: 0, timeToFirstToken: TimeSpan.FromMilliseconds(70)));
        trace.Generated(TimeSpan.FromMilliseconds(200), Stats(generatedTokens: 1, timeToFirstToken: TimeSpan.FromMilliseconds(70)));

        Assert.Equal(TimeSpan.FromMilliseconds(270), trace.TimeToFirstToken);
    }

    [Fact]
    public void A_generation_that_ended_without_a_result_still_marks_the_model_free()
    {
        var trace = new CompletionTrace();

        trace.GenerationEnded();

        Assert.NotNull(trace.ModelFreedTimestamp);
        Assert.Empty(trace.Generations);
    }

    private static GenerationStats Stats(int generatedTokens, TimeSpan timeToFirstToken) => new()
    {
        PromptTokens = 10,
        ReusedPromptTokens = 0,
        GeneratedTokens = generatedTokens,
        StopReason = StopReason.EndOfText,
        TimeToFirstToken = timeToFirstToken,
    };
}
