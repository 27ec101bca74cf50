using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;

namespace Glm.Lsp.Tests.Infrastructure;

/// <summary>
/// Keeps every log line of an in-process server, debug included, so a test can wait for a step the protocol does not
/// show (for example that a request joined another one) instead of guessing with a delay.
/// </summary>
public sealed class RecordingLoggerFactory : ILoggerFactory
{
    public ConcurrentQueue<string> Lines { get; } = new();

    public ILogger CreateLogger(string categoryName) => new RecordingLogger(Lines);

    public void AddProvider(ILoggerProvider provider)
    {
        // Lines are recorded by this factory itself; other providers are not needed in tests.
    }

    public void Dispose()
    {
        // Nothing to release: the lines are plain strings.
    }

    private sealed class RecordingLogger(ConcurrentQueue<string> lines) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
            lines.Enqueue(formatter(state, exception));
    }
}
