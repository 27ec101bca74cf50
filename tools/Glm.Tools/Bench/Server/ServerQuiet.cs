namespace Glm.Tools.Bench.Server;

/// <summary>
/// Decides from samples of a server's CPU time whether it has stopped working: less than a tenth of one core over the
/// last <paramref name="window"/>. A background prefill shows as a core busy; once it is done (or when there is none)
/// the server only answers the bench's status polls.
/// </summary>
internal sealed class ServerQuiet(TimeSpan window)
{
    private const double QuietCoreShare = 0.1;
    private readonly List<(TimeSpan At, TimeSpan Cpu)> samples = [];

    /// <summary>Records the server's CPU time <paramref name="cpu"/> at <paramref name="at"/> (time since the document opened).</summary>
    public void Add(TimeSpan at, TimeSpan cpu)
    {
        samples.Add((at, cpu));
        // Keep the newest sample that is at least a window old, as the start of the span judged.
        while (samples.Count > 2 && at - samples[1].At >= window)
        {
            samples.RemoveAt(0);
        }
    }

    /// <summary>True when the samples span a whole window and the CPU time grew by less than a tenth of it.</summary>
    public bool IsQuiet
    {
        get
        {
            if (samples.Count < 2)
            {
                return false;
            }

            var (startAt, startCpu) = samples[0];
            var (endAt, endCpu) = samples[^1];
            var span = endAt - startAt;
            return span >= window && (endCpu - startCpu).TotalMilliseconds < span.TotalMilliseconds * QuietCoreShare;
        }
    }
}
