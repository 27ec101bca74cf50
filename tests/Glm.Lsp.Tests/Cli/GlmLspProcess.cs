namespace Glm.Lsp.Tests.Cli;

/// <summary>Runs the built <c>glm-lsp</c> as a user would, capturing its exit code, stdout and stderr separately.</summary>
internal static class GlmLspProcess
{
    public static Task<CommandResult> RunAsync(params string[] arguments) => RunAsync(new Dictionary<string, string?>(), arguments);

    /// <summary>Runs with <paramref name="environment"/> added to (or, for null values, removed from) the inherited one.</summary>
    public static Task<CommandResult> RunAsync(IReadOnlyDictionary<string, string?> environment, params string[] arguments) =>
        RunWrappedAsync([], environment, arguments);

    /// <summary>Runs <c>dotnet glm-lsp.dll …</c> as the last arguments of <paramref name="wrapper"/> (such as
    /// <c>unshare … sh -c '…' …</c>), or directly when it is empty.</summary>
    public static Task<CommandResult> RunWrappedAsync(IReadOnlyList<string> wrapper, IReadOnlyDictionary<string, string?> environment, params string[] arguments) =>
        CommandProcess.RunAsync(BuiltServer.DllPath, wrapper, environment, arguments);
}
