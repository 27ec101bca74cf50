using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Console;

namespace Glm.Lsp.Cli;

/// <summary>
/// Builds the process's logger factory. Every log line goes to stderr: stdout belongs to the generated text
/// (command-line verbs) or to the protocol (<c>--stdio</c>).
/// </summary>
internal static class StderrLogging
{
    public static ILoggerFactory Create(LogLevel minimumLevel) =>
        LoggerFactory.Create(builder => builder
            .SetMinimumLevel(minimumLevel)
            .AddConsole(options => options.LogToStandardErrorThreshold = LogLevel.Trace)
            .AddSimpleConsole(options =>
            {
                options.SingleLine = true;
                options.TimestampFormat = "HH:mm:ss.fff ";
                options.ColorBehavior = LoggerColorBehavior.Disabled;
            }));
}
