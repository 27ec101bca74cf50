using System.CommandLine;

namespace Glm.Lsp.Cli;

/// <summary>The command tree of <c>glm-lsp</c>: every verb is declared here once (the developer tools are in glm-tools).</summary>
internal static class CliApplication
{
    public static RootCommand Build()
    {
        var common = new CommonOptions();
        // With no verb (or --stdio) glm-lsp is the language server; the verbs are tools around it.
        var root = ServerCommand.Create(common);
        root.Subcommands.Add(GenerateCommand.Create(common));
        root.Subcommands.Add(DoctorCommand.Create(common));
        root.Subcommands.Add(ModelsCommand.Create(common));
        return root;
    }
}
