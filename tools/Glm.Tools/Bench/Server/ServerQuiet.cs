namespace Glm.Tools.Bench.Server;

/// <summary>
/// Decides from samples of a server's busy threads whether it has stopped working: none runnable for a whole
/// <paramref name="window"/>. A background prefill keeps the inference thread runnable (running, or waiting for a core
/// on a loaded machine); once it is done, or when there is none, every thread sleeps.
/// </summary>
internal sealed class ServerQuiet(TimeSpan window)
{
    private TimeSpan? quietSince;
    private TimeSpan latest;

    /// <summary>Records how many of the server's threads were busy at <paramref name="at"/> (time since the document opened).</summary>
    public void Add(TimeSpan at, int busyThreads)
    {
        latest = at;
        if (busyThreads > 0)
        {
            quietSince = null;
        }
        else
        {
            quietSince ??= at;
        }
    }

    /// <summary>True when every sample over the last window found no busy thread.</summary>
    public bool IsQuiet => quietSince is { } since && latest - since >= window;
}
