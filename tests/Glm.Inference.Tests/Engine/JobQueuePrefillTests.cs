using Glm.Inference.Engine;
using Glm.Inference.Generation;

namespace Glm.Inference.Tests.Engine;

/// <summary>How the queue treats background prefills: last in line, one at a time, stopped by any arrival.</summary>
public class JobQueuePrefillTests
{
    private long sequence;

    [Fact]
    public void A_prefill_runs_after_every_request_even_a_background_one_queued_later()
    {
        var queue = new JobQueue();
        var prefill = Prefill();
        var background = Request(RequestPriority.Background);

        queue.Enqueue(prefill);
        queue.Enqueue(background);

        Assert.Same(background, queue.TakeNext());
        Assert.Same(prefill, queue.TakeNext());
    }

    [Fact]
    public void Any_job_arriving_while_a_prefill_runs_marks_it_preempted_and_cancels_its_token()
    {
        var queue = new JobQueue();
        var prefill = Prefill();
        queue.Enqueue(prefill);
        Assert.Same(prefill, queue.TakeNext());

        queue.Enqueue(Request(RequestPriority.Background));

        Assert.True(prefill.Prefill!.Preempted);
        Assert.True(prefill.Token.IsCancellationRequested);
        Assert.False(prefill.IsFinished);
    }

    [Fact]
    public void A_job_arriving_while_a_request_runs_stops_nothing_and_a_waiting_prefill_stays_queued()
    {
        var queue = new JobQueue();
        var running = Request(RequestPriority.InlineCompletion);
        var prefill = Prefill();
        queue.Enqueue(running);
        Assert.Same(running, queue.TakeNext());
        queue.Enqueue(prefill);

        queue.Enqueue(Request(RequestPriority.UserAction));

        Assert.False(running.Token.IsCancellationRequested);
        Assert.False(prefill.Prefill!.Preempted);
        Assert.Equal(2, queue.WaitingCount);
    }

    [Fact]
    public void A_newer_prefill_replaces_a_waiting_one_which_ends_at_once_with_nothing_evaluated()
    {
        var queue = new JobQueue();
        var older = Prefill();
        var newer = Prefill();

        queue.Enqueue(older);
        queue.Enqueue(newer);

        Assert.True(older.IsFinished);
        Assert.Null(older.Failure);
        Assert.True(older.Prefill!.Preempted);
        Assert.Equal(new PrefillResult(0, 0, 0, Preempted: true), older.Prefill.Result);
        // It streams nothing: its one chunk only says that it ended.
        Assert.True(older.Reader.TryRead(out var last));
        Assert.Equal(new GenerationChunk(string.Empty), last);
        Assert.False(older.Reader.TryRead(out _));
        Assert.Same(newer, queue.TakeNext());
        Assert.Equal(0, queue.WaitingCount);
    }

    private GenerationJob Request(RequestPriority priority) =>
        new(new GenerationRequest(new RawPrompt("x"), GenerationOptions.Greedy) { Priority = priority }, ++sequence, CancellationToken.None);

    private GenerationJob Prefill() =>
        new(new GenerationRequest(new RawPrompt("x"), GenerationOptions.Greedy) { Priority = RequestPriority.Prefill }, ++sequence, CancellationToken.None)
        {
            Prefill = new PrefillWork(CancellationToken.None),
        };
}
