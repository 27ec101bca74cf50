using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Console;

namespace Glm.Lsp.Server;

/// <summary>A logger factory writing every level to stderr, filtered by a switch the settings can change.</summary>
public static class StderrLogging
{
    public static ILoggerFactory Create(LogLevelSwitch logLevel) =>
        LoggerFactory.Create(builder => builder
            .SetMinimumLevel(LogLevel.Trace)
            .AddFilter((_, _, level) => logLevel.IsEnabled(level))
            .AddSimpleConsole(o => o.SingleLine = true)
            .AddConsole(o => o.LogToStandardErrorThreshold = LogLevel.Trace));
}
