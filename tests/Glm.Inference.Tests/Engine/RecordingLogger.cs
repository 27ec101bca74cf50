using Microsoft.Extensions.Logging;

namespace Glm.Inference.Tests.Engine;

/// <summary>One line the engine logged, with the exception it attached.</summary>
internal sealed record LoggedLine(LogLevel Level, string Message, Exception? Exception);

/// <summary>
/// Keeps every line the engine itself logs, at every level. llama.cpp's own lines (prefixed "llama.cpp: ") are left
/// out: once a logger is given to a load, the native log of every later load in the process reaches it too.
/// </summary>
internal sealed class RecordingLogger : ILogger
{
    private readonly List<LoggedLine> lines = [];

    public IReadOnlyList<LoggedLine> Lines
    {
        get
        {
            lock (lines)
            {
                return [.. lines];
            }
        }
    }

    public IDisposable? BeginScope<TState>(TState state)
        where TState : notnull => null;

    public bool IsEnabled(LogLevel logLevel) => true;

    public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
    {
        var message = formatter(state, exception);
        if (message.StartsWith("llama.cpp: ", StringComparison.Ordinal))
        {
            return;
        }

        lock (lines)
        {
            lines.Add(new LoggedLine(logLevel, message, exception));
        }
    }
}
