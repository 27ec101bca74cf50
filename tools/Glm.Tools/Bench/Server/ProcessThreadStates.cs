namespace Glm.Tools.Bench.Server;

/// <summary>
/// How many threads of a process are busy right now, from the scheduler states in /proc (Linux). A thread waiting for a
/// core counts as busy, so the figure does not depend on how loaded the machine is, unlike the CPU time it gets.
/// </summary>
internal static class ProcessThreadStates
{
    /// <summary>Busy threads of process <paramref name="processId"/>; null where /proc cannot tell (not Linux, process gone).</summary>
    public static int? BusyThreads(int processId)
    {
        var tasks = $"/proc/{processId}/task";
        try
        {
            return Directory.Exists(tasks)
                ? CountBusy(Directory.EnumerateDirectories(tasks).Select(task => ReadOrEmpty(Path.Combine(task, "stat"))))
                : null;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }

    /// <summary>
    /// Threads whose stat line shows state R (running or runnable) or D (uninterruptible, e.g. reading the model). The
    /// state follows the last ')' because the thread name between parentheses may itself hold spaces and parentheses.
    /// </summary>
    public static int CountBusy(IEnumerable<string> statLines) =>
        statLines.Count(line => line.LastIndexOf(')') is var close and >= 0 && line[(close + 1)..].TrimStart() is { Length: > 0 } rest && rest[0] is 'R' or 'D');

    /// <summary>A thread that ended between listing and reading has no line.</summary>
    private static string ReadOrEmpty(string path)
    {
        try
        {
            return File.ReadAllText(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return "";
        }
    }
}
