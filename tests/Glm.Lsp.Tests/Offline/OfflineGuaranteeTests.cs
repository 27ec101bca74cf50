using System.Text.Json;
using Glm.TestModels;

namespace Glm.Lsp.Tests.Offline;

/// <summary>
/// The offline guarantee: in local mode the server needs no network and opens no socket. One test runs a full session
/// inside a network namespace that has only a (down) loopback interface; the other runs it as an editor does and
/// watches the process's file descriptors throughout: stdin, stdout and stderr are pipes, and nothing else may be a
/// socket — not a TCP or UDP connection, not a Unix socket (the .NET diagnostic port is switched off by the server).
/// </summary>
[Trait("Speed", "Slow")]
public sealed class OfflineGuaranteeTests
{
    private const string RestOfCorpus =
        " the code exists, not merely what it does; write for a reader who arrives next year holding one bug report and no context. 山川异域，风月同天。";

    [Fact]
    public async Task FullLocalSession_WorksInANetworkNamespaceWithoutAnyNetwork()
    {
        const string Unshare = "/usr/bin/unshare";
        Assert.True(
            File.Exists(Unshare),
            "The offline test needs util-linux's unshare (apt-get install util-linux) to run the server without a network.");
        await using var server = ServerProcess.Start(["--stdio"], wrapper: [Unshare, "--net", "--map-root-user"]);

        var interfaces = new List<string>();
        await RunFullSessionAsync(server, afterEachStep: step =>
        {
            if (step == "initialize")
            {
                interfaces.AddRange(File.ReadLines($"/proc/{server.ProcessId}/net/dev").Skip(2).Select(line => line.Split(':')[0].Trim()));
            }
        });

        // The server ran where only the loopback interface exists (and it is down): there was no network to use.
        Assert.Equal(["lo"], interfaces);
        var exitCode = await server.WaitForExitAsync(TimeSpan.FromSeconds(30));
        Assert.True(exitCode == 0, $"exit code {exitCode}; stderr:\n{server.Stderr}");
    }

    [Fact]
    public async Task FullLocalSession_OpensNoSocketAtAnyTime()
    {
        await using var server = ServerProcess.Start(["--stdio"]);
        var pid = server.ProcessId;
        var seen = new List<string>();
        using var stopSampling = new CancellationTokenSource();

        // Sample continuously as well as after each step, so a connection opened and closed between steps is caught too.
        // Sampling starts once initialize has been answered: before its Main runs, the process is a plain .NET runtime
        // whose diagnostic port exists until the server re-executes itself with it switched off (DiagnosticPortSwitch);
        // an editor that sets DOTNET_EnableDiagnostics=0 itself avoids even that first tenth of a second.
        Task sampler = Task.CompletedTask;
        await RunFullSessionAsync(server, afterEachStep: step =>
        {
            Assert.True(SocketDescriptors(pid).Count == 0, $"After {step} the server holds sockets: {string.Join(", ", SocketDescriptors(pid))}");
            if (step == "initialize")
            {
                sampler = Task.Run(async () =>
                {
                    while (!stopSampling.IsCancellationRequested)
                    {
                        lock (seen)
                        {
                            seen.AddRange(SocketDescriptors(pid));
                        }

                        await Task.Delay(5);
                    }
                });
            }
        });
        await stopSampling.CancelAsync();
        await sampler;

        Assert.Empty(seen);
        var exitCode = await server.WaitForExitAsync(TimeSpan.FromSeconds(30));
        Assert.True(exitCode == 0, $"exit code {exitCode}; stderr:\n{server.Stderr}");
    }

    [Fact]
    public async Task SocketCheck_SeesTheDiagnosticPortWhenDevelopersKeepIt()
    {
        // Proves the check above can fail: with the opt-out the runtime's diagnostic port (a Unix socket) stays open.
        await using var server = ServerProcess.Start(["--stdio"], new Dictionary<string, string> { ["GLM_LSP_ALLOW_DIAGNOSTICS"] = "1" });
        Assert.Contains("\"serverInfo\":{\"name\":\"glm-lsp\"", await server.RequestJsonAsync("initialize", """{"processId":null,"capabilities":{}}"""), StringComparison.Ordinal);

        var sockets = SocketDescriptors(server.ProcessId);

        Assert.Single(sockets);
        Assert.EndsWith("(unix)", sockets[0], StringComparison.Ordinal);
        Assert.Equal("null", await server.RequestJsonAsync("shutdown", "null"));
        await server.NotifyAsync("exit");
        Assert.Equal(0, await server.WaitForExitAsync(TimeSpan.FromSeconds(30)));
    }

    /// <summary>initialize with the predictable model, inline completion, rewrite, hover, status, shutdown and exit, each
    /// with its exact expected answer.</summary>
    private static async Task RunFullSessionAsync(ServerProcess server, Action<string>? afterEachStep)
    {
        var model = JsonSerializer.Serialize(TestModelFiles.Predictable());
        var initialize = await server.RequestJsonAsync(
            "initialize",
            $$$$"""{"processId":null,"capabilities":{"textDocument":{"inlineCompletion":{}}},"initializationOptions":{"modelPath":{{{{model}}}},"hoverTimeBudgetMs":20000}}""");
        Assert.Contains("\"serverInfo\":{\"name\":\"glm-lsp\"", initialize, StringComparison.Ordinal);
        await server.NotifyJsonAsync("initialized", "{}");
        afterEachStep?.Invoke("initialize");

        var deadline = DateTime.UtcNow.AddMinutes(1);
        string status;
        while (!(status = await server.RequestJsonAsync("glm/getStatus", "{}")).StartsWith("{\"state\":\"ready\"", StringComparison.Ordinal))
        {
            Assert.True(DateTime.UtcNow < deadline, $"The model did not load within a minute: {status}");
            await Task.Delay(50);
        }

        Assert.StartsWith("{\"state\":\"ready\",\"model\":\"glm-lsp predictable test model\",\"backend\":\"CPU (", status, StringComparison.Ordinal);
        afterEachStep?.Invoke("the model load");

        await server.NotifyJsonAsync("textDocument/didOpen", """{"textDocument":{"uri":"file:///notes/offline.md","languageId":"markdown","version":1,"text":"# Notes\n\nGood documentation explains why"}}""");
        await server.NotifyJsonAsync("textDocument/didOpen", """{"textDocument":{"uri":"file:///src/offline.cs","languageId":"csharp","version":1,"text":"class A\n{\n    // 计算总和\n    int x;\n}\n"}}""");
        Assert.Equal(
            "{\"items\":[{\"insertText\":\"" + RestOfCorpus + "\",\"range\":{\"start\":{\"line\":2,\"character\":31},\"end\":{\"line\":2,\"character\":31}}}]}",
            await server.RequestJsonAsync("textDocument/inlineCompletion", """{"textDocument":{"uri":"file:///notes/offline.md"},"position":{"line":2,"character":31},"context":{"triggerKind":2}}"""));
        afterEachStep?.Invoke("inline completion");

        Assert.Equal(
            "{\"text\":\"" + DefaultCorpus.ChatAnswer + "\"}",
            await server.RequestJsonAsync("glm/rewrite", """{"textDocument":{"uri":"file:///notes/offline.md"},"range":{"start":{"line":2,"character":0},"end":{"line":2,"character":4}},"style":"formal"}"""));
        afterEachStep?.Invoke("rewrite");

        Assert.StartsWith(
            "{\"contents\":{\"kind\":\"markdown\",\"value\":\"**GLM translation (English)**\\n\\n" + DefaultCorpus.ChatAnswer + "\"}",
            await server.RequestJsonAsync("textDocument/hover", """{"textDocument":{"uri":"file:///src/offline.cs"},"position":{"line":2,"character":9}}"""),
            StringComparison.Ordinal);
        afterEachStep?.Invoke("hover");

        Assert.Equal("null", await server.RequestJsonAsync("shutdown", "null"));
        afterEachStep?.Invoke("shutdown");
        await server.NotifyAsync("exit");
    }

    /// <summary>The file descriptors of <paramref name="pid"/> that are sockets ("socket:[inode]"), with the protocol
    /// table that lists the inode (tcp, udp, unix, …) for the failure message. An ended process has none.</summary>
    private static List<string> SocketDescriptors(int pid)
    {
        var found = new List<string>();
        string[] descriptors;
        try
        {
            descriptors = Directory.GetFiles($"/proc/{pid}/fd");
        }
        catch (Exception error) when (error is DirectoryNotFoundException or IOException or UnauthorizedAccessException)
        {
            return found;
        }

        foreach (var descriptor in descriptors)
        {
            string? target;
            try
            {
                target = new FileInfo(descriptor).LinkTarget;
            }
            catch (IOException)
            {
                continue;
            }

            if (target is not null && target.StartsWith("socket:[", StringComparison.Ordinal))
            {
                var inode = target["socket:[".Length..^1];
                found.Add($"{Path.GetFileName(descriptor)} → {target} ({ProtocolOf(pid, inode)})");
            }
        }

        return found;
    }

    private static string ProtocolOf(int pid, string inode)
    {
        foreach (var table in new[] { "tcp", "tcp6", "udp", "udp6", "unix", "raw", "raw6", "netlink" })
        {
            try
            {
                if (File.ReadLines($"/proc/{pid}/net/{table}").Skip(1).Any(line => line.Split(' ', StringSplitOptions.RemoveEmptyEntries).Contains(inode)))
                {
                    return table;
                }
            }
            catch (Exception error) when (error is IOException or UnauthorizedAccessException)
            {
                // The process ended while its tables were read.
            }
        }

        return "unknown table";
    }
}
