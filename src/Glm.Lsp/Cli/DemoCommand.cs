using System.CommandLine;
using Glm.Lsp.Demo;

namespace Glm.Lsp.Cli;

/// <summary><c>glm-lsp demo [--model FILE]</c>: drives a child <c>glm-lsp --stdio</c> as an editor would.</summary>
public static class DemoCommand
{
    public static Command Create()
    {
        var model = new Option<FileInfo?>("--model") { Description = "GGUF model file to load in the child server." };
        var command = new Command("demo", "Start glm-lsp --stdio as a child process and show completion, rewrite and translation.") { model };
        command.SetAction((result, cancellationToken) =>
            new DemoClient(Console.Out).RunAsync(result.GetValue(model)?.FullName, cancellationToken));
        return command;
    }
}
