using Glm.Lsp.Cli;

namespace Glm.Lsp;

internal static class Program
{
    public static Task<int> Main(string[] args) => ServerCommand.Create().Parse(args).InvokeAsync();
}
