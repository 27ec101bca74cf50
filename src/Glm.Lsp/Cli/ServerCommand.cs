using System.CommandLine;
using Glm.Lsp.Server;

namespace Glm.Lsp.Cli;

/// <summary>The root command: with no verb, or with --stdio, glm-lsp is a language server on stdin/stdout.</summary>
public static class ServerCommand
{
    public static RootCommand Create()
    {
        var stdio = new Option<bool>("--stdio") { Description = "Serve the Language Server Protocol on stdin/stdout (the default)." };
        var model = new Option<FileInfo?>("--model") { Description = "GGUF model file; used when the client does not set glm.modelPath." };
        // Hidden: the hardening tests read the server's document store through glm/debug/… requests; editors never need it.
        var testMethods = new Option<bool>("--enable-test-methods") { Hidden = true };
        var root = new RootCommand("glm-lsp: a local GLM writing assistant as a language server.") { stdio, model, testMethods };
        root.SetAction((result, cancellationToken) =>
        {
            var options = new ServerStartOptions(ModelPath: result.GetValue(model)?.FullName, EnableTestMethods: result.GetValue(testMethods));
            return LanguageServerHost.RunStdioAsync(options, cancellationToken);
        });
        return root;
    }
}
