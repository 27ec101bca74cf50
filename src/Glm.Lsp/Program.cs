using System.CommandLine;
using System.Text;
using Glm.Lsp.Cli;

namespace Glm.Lsp;

internal static class Program
{
    public static Task<int> Main(string[] args)
    {
        // Before anything else: the language server opens no socket, not even .NET's diagnostic port.
        Server.DiagnosticPortSwitch.DisableForServer(args);

        // Trace's default listener calls syslog(3) on Linux (a socket to /dev/log); our logs go to stderr only.
        System.Diagnostics.Trace.Listeners.Clear();

        // Generated text is UTF-8 (Chinese included) whatever the terminal's locale says.
        Console.OutputEncoding = new UTF8Encoding(encoderShouldEmitUTF8Identifier: false);
        return CliApplication.Build().Parse(args).InvokeAsync();
    }
}
