using Glm.Inference.Engine;
using Glm.Inference.Generation;

namespace Glm.Inference.Tests.Engine;

/// <summary>The caller's side of a job, on a job the test writes to itself instead of the inference thread.</summary>
public class JobStreamTests
{
    private static readonly GenerationStats Stats = new() { PromptTokens = 1, ReusedPromptTokens = 0, GeneratedTokens = 2, StopReason = StopReason.MaxTokens };

    [Fact]
    public async Task A_consumer_that_stops_before_the_last_chunk_cancels_the_job()
    {
        using var job = Job();
        job.Write(new GenerationChunk("a"));
        job.Write(new GenerationChunk("b"));

        await foreach (var chunk in new JobStream(job))
        {
            Assert.Equal("a", chunk.Text);
            break;
        }

        Assert.True(job.Token.IsCancellationRequested);
    }

    [Fact]
    public async Task A_consumer_that_reads_to_the_last_chunk_leaves_the_job_alone()
    {
        using var job = Job();
        job.Write(new GenerationChunk("a"));
        job.Complete(new GenerationChunk("b", Stats));

        var chunks = new List<GenerationChunk>();
        await foreach (var chunk in new JobStream(job))
        {
            chunks.Add(chunk);
        }

        Assert.Equal(["a", "b"], chunks.Select(c => c.Text));
        Assert.Same(Stats, chunks[^1].Completed);
        Assert.False(job.Token.IsCancellationRequested);
    }

    private static GenerationJob Job() =>
        new(new GenerationRequest(new RawPrompt("x"), GenerationOptions.Greedy), 1, CancellationToken.None);
}
