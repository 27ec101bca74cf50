using System.CommandLine;
using Glm.Lsp.Composition;
using Glm.Lsp.Server;

namespace Glm.Lsp.Cli;

/// <summary>The root command: with no verb, or with --stdio, glm-lsp is a language server on stdin/stdout.</summary>
internal static class ServerCommand
{
    public static RootCommand Create(CommonOptions common)
    {
        var stdio = new Option<bool>("--stdio") { Description = "Serve the Language Server Protocol on stdin/stdout (the default)." };
        var model = new Option<FileInfo?>("--model") { Description = "GGUF model file; used when the client does not set glm.modelPath." };
        var root = new RootCommand("glm-lsp: a local GLM writing assistant as a language server.")
        {
            stdio, model, common.Verbose,
        };
        root.SetAction((result, cancellationToken) =>
        {
            var verbose = result.GetValue(common.Verbose);
            DiagnosticSwitches switches;
            try
            {
                // Test and benchmark switches come only from the environment (docs/diagnostic-switches.md), read here once.
                switches = DiagnosticSwitches.FromEnvironment(Environment.GetEnvironmentVariable);
            }
            catch (FormatException exception)
            {
                return Task.FromResult(CliErrors.Report(exception, verbose, Console.Error));
            }

            var options = new ServerStartOptions(ModelPath: result.GetValue(model)?.FullName, Switches: switches)
            {
                Verbose = verbose,
            };
            return LanguageServerHost.RunStdioAsync(options, cancellationToken);
        });
        return root;
    }
}
