using Glm.Lsp.Server;
using Microsoft.Extensions.Logging;

namespace Glm.Lsp.Composition;

/// <summary>Entry points that run the server until the client says exit.</summary>
public static class LanguageServerHost
{
    /// <summary>Serves on stdin/stdout; logs go to stderr because stdout carries the protocol. Returns the exit code.</summary>
    public static async Task<int> RunStdioAsync(ServerStartOptions options, CancellationToken cancellationToken)
    {
        var logLevel = options.Verbose ? new LogLevelSwitch(LogLevel.Debug, highest: LogLevel.Debug) : new LogLevelSwitch(options.LogLevel);
        using var loggerFactory = StderrLogging.Create(logLevel);
        await using var input = Console.OpenStandardInput();
        await using var output = Console.OpenStandardOutput();
        return await RunAsync(input, output, options, loggerFactory, logLevel, cancellationToken);
    }

    public static async Task<int> RunAsync(Stream input, Stream output, ServerStartOptions options, ILoggerFactory loggerFactory, LogLevelSwitch? logLevel, CancellationToken cancellationToken)
    {
        await using var server = LanguageServer.Start(input, output, options, loggerFactory, logLevel);
        return await server.WaitForExitAsync(cancellationToken);
    }
}
