using System.Diagnostics;
using System.Text;

namespace Glm.Tools.Tests.Infrastructure;

/// <summary>
/// Runs <c>glm-tools</c> or the <c>glm-lsp</c> built next to it as a process (<c>dotnet X.dll …</c> from this test
/// project's output, where the project references copy both) and collects its exit code, stdout and stderr.
/// </summary>
internal static class ToolProcess
{
    public sealed record Result(int ExitCode, string Stdout, string Stderr);

    /// <summary>The glm-lsp assembly the tools start by default.</summary>
    public static string ServerDll { get; } = Built("glm-lsp.dll");

    public static Task<Result> ToolsAsync(params string[] arguments) => RunAsync(Built("glm-tools.dll"), arguments);

    public static Task<Result> ServerAsync(params string[] arguments) => RunAsync(ServerDll, arguments);

    private static string Built(string assembly)
    {
        var path = Path.Combine(AppContext.BaseDirectory, assembly);
        return File.Exists(path) ? path : throw new FileNotFoundException($"{path} is missing; build tests/Glm.Tools.Tests first.", path);
    }

    private static async Task<Result> RunAsync(string assembly, string[] arguments)
    {
        var start = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
            StandardOutputEncoding = Encoding.UTF8,
            StandardErrorEncoding = Encoding.UTF8,
        };
        start.ArgumentList.Add(assembly);
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start) ?? throw new InvalidOperationException($"could not start {assembly}");
        process.StandardInput.Close();
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(3));
        await process.WaitForExitAsync(timeout.Token);
        return new Result(process.ExitCode, await stdout, await stderr);
    }
}
