using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;

namespace Glm.Inference.Engine;

/// <summary>
/// Passes log lines on to the caller's logger and, while a load runs, also keeps the native warnings and errors:
/// llama.cpp tells why a file failed to load only in its log, so the load exception repeats those lines.
/// </summary>
internal sealed class LoadErrorCapturingLogger(ILogger inner) : ILogger
{
    private const int MaxCapturedLines = 20;
    private readonly ConcurrentQueue<string> captured = new();
    private volatile bool capturing = true;

    public IReadOnlyList<string> CapturedLines => [.. captured];

    /// <summary>Stops keeping lines once the load is over; forwarding goes on.</summary>
    public void StopCapturing() => capturing = false;

    public IDisposable? BeginScope<TState>(TState state)
        where TState : notnull => inner.BeginScope(state);

    // Warnings must reach Log even when the caller's logger filters them out, so capturing answers for itself.
    public bool IsEnabled(LogLevel logLevel) => (capturing && logLevel >= LogLevel.Warning) || inner.IsEnabled(logLevel);

    public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
    {
        if (capturing && logLevel >= LogLevel.Warning && captured.Count < MaxCapturedLines)
        {
            captured.Enqueue(formatter(state, exception));
        }

        if (inner.IsEnabled(logLevel))
        {
            inner.Log(logLevel, eventId, state, exception, formatter);
        }
    }
}
