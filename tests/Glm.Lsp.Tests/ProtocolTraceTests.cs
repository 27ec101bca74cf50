using System.Diagnostics;
using Glm.Lsp.Tests.Infrastructure;

namespace Glm.Lsp.Tests;

/// <summary>
/// StreamJsonRpc traces through a TraceSource whose default listener calls syslog(3) on Linux: a socket to /dev/log
/// (caught by the offline test's socket watch on a loaded machine) and protocol details in the system journal. The
/// server's source has one listener, which writes to the server's own log.
/// </summary>
public sealed class ProtocolTraceTests
{
    [Fact]
    public async Task StreamJsonRpcTraces_GoToTheServersLogOnly()
    {
        var log = new RecordingLoggerFactory();
        await using var session = LspTestSession.Start(loggerFactory: log);
        await session.InitializeAsync("{}");
        var trace = session.Server.ProtocolTrace;

        trace.TraceEvent(TraceEventType.Warning, 0, "The remote party sent a JSON-RPC message with a null \"params\" property.");
        trace.TraceEvent(TraceEventType.Error, 0, "Failed to {0} {1}.", "write", "a response");

        Assert.IsType<Glm.Lsp.Server.LoggerTraceListener>(Assert.Single(trace.Listeners.Cast<TraceListener>()));
        Assert.Contains("StreamJsonRpc: The remote party sent a JSON-RPC message with a null \"params\" property.", log.Lines);
        Assert.Contains("StreamJsonRpc: Failed to write a response.", log.Lines);
    }
}
