using Glm.Inference.Generation;

namespace Glm.Inference.Engine;

/// <summary>
/// Requests waiting for the inference thread, ordered by priority and then arrival. A request with a supersede key
/// replaces any queued or running request with the same key, unless one of those was made for a newer version
/// (<see cref="GenerationRequest.SupersedeVersion"/>): then the new request is the one superseded.
/// </summary>
internal sealed partial class JobQueue
{
    private readonly object gate = new();
    private readonly List<GenerationJob> waiting = [];
    private GenerationJob? running;
    private bool closed;

    public void Enqueue(GenerationJob job)
    {
        var replaced = new List<GenerationJob>();
        var staleOnArrival = false;
        (GenerationJob? Running, List<GenerationJob> Replaced) stoppedPrefills = (null, []);
        lock (gate)
        {
            if (closed)
            {
                throw new ObjectDisposedException(nameof(LlamaEngine), "The engine has been disposed.");
            }

            if (job.Request.SupersedeKey is { } key)
            {
                var sameKey = waiting.Where(w => w.Request.SupersedeKey == key).ToList();
                if (running?.Request.SupersedeKey == key)
                {
                    sameKey.Add(running);
                }

                if (sameKey.Any(other => other.Request.SupersedeVersion > job.Request.SupersedeVersion))
                {
                    // Made for an older version than one already here: this job is the one superseded, and never queued.
                    replaced.Add(job);
                    staleOnArrival = true;
                }
                else
                {
                    replaced.AddRange(sameKey);
                    waiting.RemoveAll(w => w.Request.SupersedeKey == key);
                }
            }

            if (!staleOnArrival)
            {
                stoppedPrefills = StopPrefillsFor(job);
                waiting.Add(job);
                Monitor.PulseAll(gate);
            }
        }

        // Outside the lock: failing a job runs its continuations, and cancelling runs token callbacks.
        EndStoppedPrefills(stoppedPrefills);
        foreach (var old in replaced)
        {
            old.Supersede();
            if (!IsRunning(old))
            {
                old.Fail(old.CancellationException());
            }
        }
    }

    /// <summary>Blocks until a job is ready and marks it running; null once the queue is closed.</summary>
    public GenerationJob? TakeNext()
    {
        lock (gate)
        {
            running = null;
            while (!closed && waiting.Count == 0)
            {
                Monitor.Wait(gate);
            }

            if (closed)
            {
                return null;
            }

            var next = waiting.MinBy(j => ((int)j.Request.Priority, j.Sequence))!;
            waiting.Remove(next);
            running = next;
            return next;
        }
    }

    /// <summary>Removes a job that is still waiting; false if it already runs or ended.</summary>
    public bool TryRemoveWaiting(GenerationJob job)
    {
        lock (gate)
        {
            return waiting.Remove(job);
        }
    }

    /// <summary>Refuses new jobs and returns those still waiting, plus the running one, so the engine can end them.</summary>
    public (IReadOnlyList<GenerationJob> Waiting, GenerationJob? Running) Close()
    {
        lock (gate)
        {
            closed = true;
            var left = waiting.ToArray();
            waiting.Clear();
            Monitor.PulseAll(gate);
            return (left, running);
        }
    }

    /// <summary>Jobs waiting for the inference thread at this moment (for accounting in tests and status).</summary>
    public int WaitingCount
    {
        get
        {
            lock (gate)
            {
                return waiting.Count;
            }
        }
    }

    private bool IsRunning(GenerationJob job)
    {
        lock (gate)
        {
            return ReferenceEquals(running, job);
        }
    }
}
