using System.Runtime.InteropServices;

namespace Glm.Lsp.Server;

/// <summary>
/// Keeps the language server free of every socket. The .NET runtime opens a diagnostic port at startup, a Unix domain
/// socket in $TMPDIR that tools such as dotnet-trace connect to, and only the DOTNET_EnableDiagnostics=0 environment
/// variable turns it off (runtimeconfig.json knobs do not). An editor starts the server with its own environment, so
/// the server sets the variable itself and replaces its process image with execve: same process id, same stdio pipes,
/// no second process to supervise. The offline guarantee (no socket other than stdio, ever) is then a property of the
/// server rather than of each editor's launch configuration. GLM_LSP_ALLOW_DIAGNOSTICS=1 keeps the port, for
/// developers who attach dotnet-trace or dotnet-counters.
/// </summary>
internal static partial class DiagnosticPortSwitch
{
    private const string RuntimeVariable = "DOTNET_EnableDiagnostics";
    private const string OptOutVariable = "GLM_LSP_ALLOW_DIAGNOSTICS";

    /// <summary>Re-executes the process with the diagnostic port off, when it is on and this is the language server on Linux.
    /// Returns only when nothing had to be done or the exec failed (the server then runs with the port, as before).</summary>
    public static void DisableForServer(string[] args)
    {
        if (!OperatingSystem.IsLinux() || !IsServerInvocation(args)
            || Environment.GetEnvironmentVariable(RuntimeVariable) == "0" || Environment.GetEnvironmentVariable(OptOutVariable) == "1")
        {
            return;
        }

        string[] argv;
        try
        {
            // The exact argv the process was started with (dotnet host, the dll, the arguments), which args lacks.
            argv = File.ReadAllText("/proc/self/cmdline").TrimEnd('\0').Split('\0');
        }
        catch (IOException)
        {
            return;
        }

        var environment = Environment.GetEnvironmentVariables().Cast<System.Collections.DictionaryEntry>()
            .Select(e => $"{e.Key}={e.Value}")
            .Append($"{RuntimeVariable}=0")
            .ToList();
        RemoveOwnSocketFile();
        _ = Execve("/proc/self/exe", [.. argv, null], [.. environment, null]);

        // execve returns only on failure: keep running rather than fail to start.
    }

    /// <summary>No verb, or only options such as --stdio and --model: the language server rather than a tool.</summary>
    public static bool IsServerInvocation(string[] args) =>
        args.Length == 0
        || (args[0].StartsWith('-') && !args.Any(a => a is "--help" or "-h" or "-?" or "--version"));

    /// <summary>The runtime removes its socket file at a normal exit, which execve skips; the new image must not leave
    /// a stale one behind.</summary>
    private static void RemoveOwnSocketFile()
    {
        try
        {
            foreach (var file in Directory.EnumerateFiles(Path.GetTempPath(), $"dotnet-diagnostic-{Environment.ProcessId}-*-socket"))
            {
                File.Delete(file);
            }
        }
        catch (Exception error) when (error is IOException or UnauthorizedAccessException)
        {
            // A socket file left in the temporary folder is harmless; the runtime replaces stale ones.
        }
    }

    [LibraryImport("libc", EntryPoint = "execve", StringMarshalling = StringMarshalling.Utf8, SetLastError = true)]
    private static partial int Execve(string path, string?[] argv, string?[] envp);
}
