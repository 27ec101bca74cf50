using Glm.Inference.Engine;
using Glm.Inference.Generation;

namespace Glm.Inference.Tests.Engine;

public class GenerationJobTests
{
    [Fact]
    public void A_job_its_caller_cancelled_throws_with_the_callers_token()
    {
        using var caller = new CancellationTokenSource();
        using var job = Job(caller.Token);
        caller.Cancel();

        var exception = job.CancellationException();

        // A caller recognises its own cancellation by its token (catch … when (e.CancellationToken == token)).
        Assert.IsNotType<GenerationSupersededException>(exception);
        Assert.Equal("The generation was cancelled.", exception.Message);
        Assert.Equal(caller.Token, exception.CancellationToken);
    }

    [Fact]
    public void A_job_the_engine_cancelled_throws_with_the_jobs_own_token()
    {
        using var caller = new CancellationTokenSource();
        using var job = Job(caller.Token);
        job.Cancel();

        var exception = job.CancellationException();

        // The caller did not cancel: the exception must not claim the caller's token.
        Assert.Equal("The generation was cancelled.", exception.Message);
        Assert.Equal(job.Token, exception.CancellationToken);
        Assert.NotEqual(caller.Token, exception.CancellationToken);
    }

    private static GenerationJob Job(CancellationToken callerToken) =>
        new(new GenerationRequest(new RawPrompt("x"), GenerationOptions.Greedy), 1, callerToken);
}
