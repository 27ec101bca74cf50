namespace Glm.Tools.Tests.Infrastructure;

/// <summary>
/// Runs <c>glm-tools</c> or the <c>glm-lsp</c> built next to it as a process (<c>dotnet X.dll …</c> from this test
/// project's output, where the project references copy both) and collects its exit code, stdout and stderr.
/// </summary>
internal static class ToolProcess
{
    /// <summary>The glm-lsp assembly the tools start by default.</summary>
    public static string ServerDll { get; } = Built("glm-lsp.dll");

    public static Task<CommandResult> ToolsAsync(params string[] arguments) => RunAsync(Built("glm-tools.dll"), arguments);

    public static Task<CommandResult> ServerAsync(params string[] arguments) => RunAsync(ServerDll, arguments);

    private static string Built(string assembly)
    {
        var path = Path.Combine(AppContext.BaseDirectory, assembly);
        return File.Exists(path) ? path : throw new FileNotFoundException($"{path} is missing; build tests/Glm.Tools.Tests first.", path);
    }

    private static Task<CommandResult> RunAsync(string assembly, string[] arguments) =>
        CommandProcess.RunAsync(assembly, [], new Dictionary<string, string?>(), arguments);
}
