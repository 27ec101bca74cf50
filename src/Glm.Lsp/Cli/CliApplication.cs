using System.CommandLine;

namespace Glm.Lsp.Cli;

/// <summary>The command tree of <c>glm-lsp</c>: every verb is declared here once.</summary>
internal static class CliApplication
{
    public static RootCommand Build()
    {
        var common = new CommonOptions();
        var root = new RootCommand("glm-lsp: a local GLM writing assistant as a language server, and its tools.");
        root.Options.Add(common.Verbose);
        root.Subcommands.Add(GenerateCommand.Create(common));
        root.Subcommands.Add(DoctorCommand.Create(common));
        root.Subcommands.Add(MakeTestModelCommand.Create(common));
        return root;
    }
}
