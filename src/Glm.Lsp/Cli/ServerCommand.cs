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
        // Hidden: benchmark and diagnostic switches used by glm-lsp bench (docs/lsp-extensions.md), not for editors.
        var noPromptReuse = new Option<bool>("--no-prompt-reuse")
        {
            Description = "Benchmark baseline: evaluate every prompt in full and disable the typing-through cache.",
            Hidden = true,
        };
        var requestStats = new Option<bool>("--request-stats")
        {
            Description = "Send a glm/requestStats notification after every inline completion.",
            Hidden = true,
        };
        // Hidden: the hardening tests read the server's document store through glm/debug/… requests; editors never need it.
        var testMethods = new Option<bool>("--enable-test-methods") { Hidden = true };
        var root = new RootCommand("glm-lsp: a local GLM writing assistant as a language server.")
        {
            stdio, model, common.Verbose, noPromptReuse, requestStats, testMethods,
        };
        root.SetAction((result, cancellationToken) =>
        {
            var options = new ServerStartOptions(
                ModelPath: result.GetValue(model)?.FullName,
                Diagnostics: new ServerDiagnostics(
                    PromptReuse: !result.GetValue(noPromptReuse),
                    RequestStats: result.GetValue(requestStats),
                    PartialResultSpacing: ServerDiagnostics.PartialResultSpacingFromEnvironment()),
                EnableTestMethods: result.GetValue(testMethods))
            {
                Verbose = result.GetValue(common.Verbose),
            };
            return LanguageServerHost.RunStdioAsync(options, cancellationToken);
        });
        return root;
    }
}
