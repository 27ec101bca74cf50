using System.CommandLine;
using System.Diagnostics;

namespace Glm.Tools;

/// <summary>
/// The glm-lsp the demo and the bench start as a child process: by default the build the project reference copied next
/// to glm-tools, so a tool always drives the server of the same build; <c>--server</c> names another one (a published
/// or packaged server).
/// </summary>
internal static class ServerLocation
{
    public static Option<FileInfo?> CreateOption() => new("--server")
    {
        Description = "The glm-lsp to start: its native launcher or glm-lsp.dll (default: the one built next to glm-tools).",
    };

    /// <summary>The launcher or assembly to start; an assembly (.dll) is run with <c>dotnet</c>.</summary>
    public static string Resolve(FileInfo? server)
    {
        if (server is not null)
        {
            return server.Exists ? server.FullName : throw new FileNotFoundException($"server not found: {server.FullName}", server.FullName);
        }

        var launcher = Path.Combine(AppContext.BaseDirectory, OperatingSystem.IsWindows() ? "glm-lsp.exe" : "glm-lsp");
        var assembly = Path.Combine(AppContext.BaseDirectory, "glm-lsp.dll");
        return File.Exists(launcher) ? launcher : File.Exists(assembly) ? assembly
            : throw new FileNotFoundException($"glm-lsp is not next to glm-tools in {AppContext.BaseDirectory}; build tools/Glm.Tools or pass --server", assembly);
    }

    /// <summary>A start description for <paramref name="executable"/>: the launcher itself, or <c>dotnet</c> with the assembly.</summary>
    public static ProcessStartInfo StartInfo(string executable)
    {
        var start = new ProcessStartInfo
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        if (executable.EndsWith(".dll", StringComparison.OrdinalIgnoreCase))
        {
            start.FileName = "dotnet";
            start.ArgumentList.Add(executable);
        }
        else
        {
            start.FileName = executable;
        }

        return start;
    }
}
