using System.Diagnostics;
using Microsoft.Extensions.Logging;

namespace Glm.Lsp.Server;

/// <summary>
/// Sends what a <see cref="TraceSource"/> traces (StreamJsonRpc's) to the server's logger. Without it the source keeps
/// its <see cref="DefaultTraceListener"/>, which on Linux calls syslog(3): a Unix socket to /dev/log, and protocol
/// warnings in the system journal instead of the server's stderr log.
/// </summary>
internal sealed class LoggerTraceListener(ILogger logger) : TraceListener
{
    /// <summary>A trace source for <paramref name="name"/> whose only listener is <paramref name="logger"/>.</summary>
    public static TraceSource SourceFor(string name, ILogger logger)
    {
        var source = new TraceSource(name, SourceLevels.Warning);
        source.Listeners.Clear();
        source.Listeners.Add(new LoggerTraceListener(logger));
        return source;
    }

    public override void TraceEvent(TraceEventCache? eventCache, string source, TraceEventType eventType, int id, string? message) =>
        logger.Log(LevelOf(eventType), "{Source}: {Message}", source, message);

    public override void TraceEvent(TraceEventCache? eventCache, string source, TraceEventType eventType, int id, string? format, params object?[]? args) =>
        TraceEvent(eventCache, source, eventType, id, args is { Length: > 0 } && format is not null ? string.Format(System.Globalization.CultureInfo.InvariantCulture, format, args) : format);

    public override void TraceData(TraceEventCache? eventCache, string source, TraceEventType eventType, int id, object? data) =>
        TraceEvent(eventCache, source, eventType, id, data?.ToString());

    public override void TraceData(TraceEventCache? eventCache, string source, TraceEventType eventType, int id, params object?[]? data) =>
        TraceEvent(eventCache, source, eventType, id, data is null ? null : string.Join(", ", data));

    public override void Write(string? message) => logger.LogDebug("{Message}", message);

    public override void WriteLine(string? message) => logger.LogDebug("{Message}", message);

    /// <summary>
    /// The library's errors are warnings of the server (it answers every failed request itself and logs its own view);
    /// the rest is debug output: StreamJsonRpc warns, for example, about every "params": null, which LSP clients send
    /// with shutdown and exit.
    /// </summary>
    private static LogLevel LevelOf(TraceEventType type) => type switch
    {
        TraceEventType.Critical or TraceEventType.Error => LogLevel.Warning,
        _ => LogLevel.Debug,
    };
}
