using Microsoft.Extensions.Logging;

namespace Glm.Lsp.Server;

/// <summary>The minimum log level, changeable at run time by the glm.logLevel setting.</summary>
/// <param name="highest">
/// The highest minimum the setting may choose: <c>--verbose</c> keeps debug lines whatever the editor's setting says,
/// since whoever started the server by hand with it wants them.
/// </param>
public sealed class LogLevelSwitch(LogLevel minimum, LogLevel highest = LogLevel.None)
{
    public LogLevel Minimum { get; set; } = minimum;

    public bool IsEnabled(LogLevel level) => level >= Minimum;

    public void Set(string settingValue)
    {
        var level = Enum.TryParse<LogLevel>(settingValue, ignoreCase: true, out var parsed) ? parsed : LogLevel.Information;
        Minimum = level > highest ? highest : level;
    }
}
