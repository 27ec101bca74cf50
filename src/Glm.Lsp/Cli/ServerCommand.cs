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
        var root = new RootCommand("glm-lsp: a local GLM writing assistant as a language server.") { stdio, model, DemoCommand.Create() };
        root.SetAction((result, cancellationToken) =>
        {
            var options = new ServerStartOptions(ModelPath: result.GetValue(model)?.FullName);
            return LanguageServerHost.RunStdioAsync(options, cancellationToken);
        });
        return root;
    }
}
