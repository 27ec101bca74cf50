using System.CommandLine;
using Glm.Lsp.Cli;

namespace Glm.Tools.Cli;

/// <summary>The command tree of <c>glm-tools</c>, the developer tools around the server: every verb is declared here once.</summary>
internal static class ToolsApplication
{
    public static RootCommand Build()
    {
        var common = new CommonOptions();
        var root = new RootCommand("Developer tools of glm-lsp: the demo, the benchmark and the test-model writer. None of them ships with the server.");
        root.Options.Add(common.Verbose);
        root.Subcommands.Add(DemoCommand.Create(common));
        root.Subcommands.Add(BenchCommand.Create(common));
        root.Subcommands.Add(MakeTestModelCommand.Create(common));
        return root;
    }
}
