using Microsoft.Extensions.Logging;

namespace Glm.Lsp.Server;

/// <summary>The minimum log level, changeable at run time by the glm.logLevel setting.</summary>
public sealed class LogLevelSwitch(LogLevel minimum)
{
    public LogLevel Minimum { get; set; } = minimum;

    public bool IsEnabled(LogLevel level) => level >= Minimum;

    public void Set(string settingValue) =>
        Minimum = Enum.TryParse<LogLevel>(settingValue, ignoreCase: true, out var level) ? level : LogLevel.Information;
}
