using Glm.Inference.Engine;
using Glm.Inference.Generation;

namespace Glm.Inference.Tests.Engine;

public class JobQueueTests
{
    private long sequence;

    [Fact]
    public void HigherPriorityFirstThenArrivalOrder()
    {
        var queue = new JobQueue();
        var background = Job(RequestPriority.Background);
        var inlineFirst = Job(RequestPriority.InlineCompletion);
        var inlineSecond = Job(RequestPriority.InlineCompletion);
        var user = Job(RequestPriority.UserAction);
        foreach (var job in new[] { background, inlineFirst, inlineSecond, user })
        {
            queue.Enqueue(job);
        }

        Assert.Same(user, queue.TakeNext());
        Assert.Same(inlineFirst, queue.TakeNext());
        Assert.Same(inlineSecond, queue.TakeNext());
        Assert.Same(background, queue.TakeNext());
    }

    [Fact]
    public void ANewerRequestWithTheSameKeyRemovesAndFailsTheWaitingOne()
    {
        var queue = new JobQueue();
        var older = Job(RequestPriority.InlineCompletion, "doc");
        var other = Job(RequestPriority.Background, "other");
        var newer = Job(RequestPriority.InlineCompletion, "doc");

        queue.Enqueue(older);
        queue.Enqueue(other);
        queue.Enqueue(newer);

        Assert.IsType<GenerationSupersededException>(older.Failure);
        Assert.True(older.Token.IsCancellationRequested);
        Assert.Same(newer, queue.TakeNext());
        Assert.Same(other, queue.TakeNext());
    }

    [Fact]
    public void ARunningRequestIsCancelledButLeftToTheWorkerToFail()
    {
        var queue = new JobQueue();
        var running = Job(RequestPriority.UserAction, "doc");
        queue.Enqueue(running);
        Assert.Same(running, queue.TakeNext());

        queue.Enqueue(Job(RequestPriority.UserAction, "doc"));

        Assert.True(running.Token.IsCancellationRequested);
        Assert.Null(running.Failure);
        Assert.IsType<GenerationSupersededException>(running.CancellationException());
    }

    [Fact]
    public void ARequestForAnOlderVersion_IsSupersededAtOnce_AndTheNewerOnesStay()
    {
        var queue = new JobQueue();
        var running = Job(RequestPriority.InlineCompletion, "doc", version: 5);
        queue.Enqueue(running);
        Assert.Same(running, queue.TakeNext());
        var waiting = Job(RequestPriority.InlineCompletion, "doc", version: 6);
        queue.Enqueue(waiting);
        Assert.True(running.Token.IsCancellationRequested);

        var late = Job(RequestPriority.InlineCompletion, "doc", version: 4);
        queue.Enqueue(late);

        Assert.IsType<GenerationSupersededException>(late.Failure);
        Assert.True(late.Token.IsCancellationRequested);
        Assert.Null(waiting.Failure);
        Assert.False(waiting.Token.IsCancellationRequested);
        Assert.Equal(1, queue.WaitingCount);
        Assert.Same(waiting, queue.TakeNext());
    }

    [Fact]
    public void ARequestForTheSameVersion_SupersedesTheEarlierOne()
    {
        var queue = new JobQueue();
        var first = Job(RequestPriority.InlineCompletion, "doc", version: 5);
        var second = Job(RequestPriority.InlineCompletion, "doc", version: 5);

        queue.Enqueue(first);
        queue.Enqueue(second);

        Assert.IsType<GenerationSupersededException>(first.Failure);
        Assert.Same(second, queue.TakeNext());
    }

    [Fact]
    public void AClosedQueueRefusesNewJobsAndHandsBackTheWaiting()
    {
        var queue = new JobQueue();
        var waiting = Job(RequestPriority.Background);
        queue.Enqueue(waiting);

        var (left, running) = queue.Close();

        Assert.Equal([waiting], left);
        Assert.Null(running);
        Assert.Equal(0, queue.WaitingCount);
        Assert.Null(queue.TakeNext());
        var exception = Assert.Throws<ObjectDisposedException>(() => queue.Enqueue(Job(RequestPriority.UserAction)));
        Assert.StartsWith("The engine has been disposed.", exception.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_waiting_job_is_taken_back_once_and_a_running_one_not_at_all()
    {
        var queue = new JobQueue();
        var first = Job(RequestPriority.UserAction);
        var second = Job(RequestPriority.UserAction);
        queue.Enqueue(first);
        queue.Enqueue(second);
        Assert.Same(first, queue.TakeNext());

        // A caller cancelling a waiting request takes it out at once; one already running is left to the worker.
        Assert.False(queue.TryRemoveWaiting(first));
        Assert.True(queue.TryRemoveWaiting(second));
        Assert.False(queue.TryRemoveWaiting(second));
        Assert.Equal(0, queue.WaitingCount);
    }

    private GenerationJob Job(RequestPriority priority, string? key = null, long version = 0) =>
        new(
            new GenerationRequest(new RawPrompt("x"), GenerationOptions.Greedy) { Priority = priority, SupersedeKey = key, SupersedeVersion = version },
            ++sequence,
            CancellationToken.None);
}
