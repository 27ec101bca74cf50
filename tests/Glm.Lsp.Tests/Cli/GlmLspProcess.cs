using System.Diagnostics;
using System.Text;

namespace Glm.Lsp.Tests.Cli;

/// <summary>Runs the built <c>glm-lsp</c> as a user would, capturing its exit code, stdout and stderr separately.</summary>
internal static class GlmLspProcess
{
    public sealed record Result(int ExitCode, string Stdout, string Stderr);

    public static Task<Result> RunAsync(params string[] arguments) => RunAsync(new Dictionary<string, string?>(), arguments);

    /// <summary>Runs with <paramref name="environment"/> added to (or, for null values, removed from) the inherited one.</summary>
    public static Task<Result> RunAsync(IReadOnlyDictionary<string, string?> environment, params string[] arguments) =>
        RunWrappedAsync([], environment, arguments);

    /// <summary>Runs <c>dotnet glm-lsp.dll …</c> as the last arguments of <paramref name="wrapper"/> (such as
    /// <c>unshare … sh -c '…' …</c>), or directly when it is empty.</summary>
    public static async Task<Result> RunWrappedAsync(IReadOnlyList<string> wrapper, IReadOnlyDictionary<string, string?> environment, params string[] arguments)
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

        start.ArgumentList.Add(BuiltServer.DllPath);
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start) ?? throw new InvalidOperationException("could not start glm-lsp");
        process.StandardInput.Close();
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(3));
        await process.WaitForExitAsync(timeout.Token);
        return new Result(process.ExitCode, await stdout, await stderr);
    }
}
