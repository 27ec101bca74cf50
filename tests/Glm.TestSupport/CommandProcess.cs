using System.Diagnostics;
using System.Text;

namespace Glm.TestSupport;

/// <summary>What a finished command printed and returned.</summary>
public sealed record CommandResult(int ExitCode, string Stdout, string Stderr);

/// <summary>
/// Runs a built .NET command (<c>dotnet X.dll …</c>) as a user would, stdin closed, capturing its exit code, stdout and
/// stderr separately; the one process runner of the CLI tests of glm-lsp and glm-tools.
/// </summary>
public static class CommandProcess
{
    /// <summary>Runs <paramref name="assembly"/> with <paramref name="environment"/> added to (or, for null values,
    /// removed from) the inherited one, as the last arguments of <paramref name="wrapper"/> (such as
    /// <c>unshare … sh -c '…' …</c>) or directly when it is empty.</summary>
    public static async Task<CommandResult> RunAsync(
        string assembly, IReadOnlyList<string> wrapper, IReadOnlyDictionary<string, string?> environment, IReadOnlyList<string> arguments)
    {
        var start = new ProcessStartInfo(wrapper.Count > 0 ? wrapper[0] : "dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
            StandardOutputEncoding = Encoding.UTF8,
            StandardErrorEncoding = Encoding.UTF8,
        };
        foreach (var (name, value) in environment)
        {
            if (value is null)
            {
                start.Environment.Remove(name);
            }
            else
            {
                start.Environment[name] = value;
            }
        }

        foreach (var part in wrapper.Skip(1))
        {
            start.ArgumentList.Add(part);
        }

        if (wrapper.Count > 0)
        {
            start.ArgumentList.Add("dotnet");
        }

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
        return new CommandResult(process.ExitCode, await stdout, await stderr);
    }
}
