using System.Diagnostics;
using System.Text.Json;
using Glm.Lsp.Tests.Infrastructure;
using StreamJsonRpc;

namespace Glm.Lsp.Tests.Offline;

/// <summary>The built glm-lsp started with --stdio as an editor starts it (optionally behind a wrapper such as
/// <c>unshare</c>), with a StreamJsonRpc client on its stdin/stdout.</summary>
internal sealed class StdioServerProcess : IAsyncDisposable
{
    private readonly Process process;
    private readonly Task<string> stderr;

    private StdioServerProcess(Process process, JsonRpc rpc)
    {
        this.process = process;
        Rpc = rpc;
        stderr = process.StandardError.ReadToEndAsync();
    }

    public JsonRpc Rpc { get; }

    public int ProcessId => process.Id;

    /// <param name="wrapper">Programs put before <c>dotnet glm-lsp.dll --stdio</c>, such as <c>unshare --net</c>; they must exec, not fork.</param>
    public static StdioServerProcess Start(params string[] wrapper) => Start(new Dictionary<string, string>(), wrapper);

    /// <param name="environment">Variables added to the inherited environment.</param>
    /// <param name="wrapper">As above.</param>
    public static StdioServerProcess Start(IReadOnlyDictionary<string, string> environment, params string[] wrapper) =>
        Start(environment, wrapper, []);

    /// <param name="serverArguments">Put after <c>--stdio</c>, such as <c>--verbose</c>.</param>
    public static StdioServerProcess StartWithArguments(params string[] serverArguments) =>
        Start(new Dictionary<string, string>(), [], serverArguments);

    private static StdioServerProcess Start(IReadOnlyDictionary<string, string> environment, string[] wrapper, string[] serverArguments)
    {
        var command = wrapper.Concat(["dotnet", BuiltServer.DllPath, "--stdio", .. serverArguments]).ToArray();
        var start = new ProcessStartInfo(command[0])
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in command.Skip(1))
        {
            start.ArgumentList.Add(argument);
        }

        foreach (var (name, value) in environment)
        {
            start.Environment[name] = value;
        }

        var process = Process.Start(start) ?? throw new InvalidOperationException($"could not start {command[0]}");
        var formatter = new SystemTextJsonFormatter { JsonSerializerOptions = new JsonSerializerOptions(JsonSerializerDefaults.Web) };
        var rpc = new JsonRpc(new HeaderDelimitedMessageHandler(process.StandardInput.BaseStream, process.StandardOutput.BaseStream, formatter));
        rpc.StartListening();
        return new StdioServerProcess(process, rpc);
    }

    public async Task<string> RequestAsync(string method, string parametersJson)
    {
        using var parameters = JsonDocument.Parse(parametersJson);
        var result = await Rpc.InvokeWithParameterObjectAsync<JsonElement?>(method, parameters.RootElement.Clone());
        return result is { } element ? JsonText.Of(element) : "null";
    }

    public async Task NotifyAsync(string method, string parametersJson)
    {
        using var parameters = JsonDocument.Parse(parametersJson);
        await Rpc.NotifyWithParameterObjectAsync(method, parameters.RootElement.Clone());
    }

    /// <summary>Waits for the process to end and returns its exit code and stderr.</summary>
    public async Task<(int ExitCode, string Stderr)> WaitForExitAsync()
    {
        await process.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(30));
        return (process.ExitCode, await stderr);
    }

    public async ValueTask DisposeAsync()
    {
        Rpc.Dispose();
        if (!process.HasExited)
        {
            process.Kill();
            await process.WaitForExitAsync();
        }

        process.Dispose();
    }
}
