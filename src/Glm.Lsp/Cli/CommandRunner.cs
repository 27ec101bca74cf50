using System.CommandLine;
using Microsoft.Extensions.Logging;

namespace Glm.Lsp.Cli;

/// <summary>
/// Runs a verb's body with a stderr logger and turns every failure into one readable line and a non-zero exit code,
/// so no verb prints a stack trace unless <c>--verbose</c> asks for it.
/// </summary>
internal static class CommandRunner
{
    public static async Task<int> RunAsync(
        ParseResult parseResult,
        CommonOptions common,
        Func<ILoggerFactory, CancellationToken, Task<int>> body,
        CancellationToken cancellationToken)
    {
        var verbose = parseResult.GetValue(common.Verbose);
        var loggerFactory = Server.StderrLogging.Create(new Server.LogLevelSwitch(verbose ? LogLevel.Debug : LogLevel.Warning));
        try
        {
            return await body(loggerFactory, cancellationToken);
        }
        catch (Exception exception)
        {
            // The console logger writes from a queue of its own; flushing it first keeps the one-line error last.
            loggerFactory.Dispose();
            return CliErrors.Report(exception, verbose, Console.Error);
        }
        finally
        {
            loggerFactory.Dispose();
        }
    }
}
