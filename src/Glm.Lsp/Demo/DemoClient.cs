using System.Diagnostics;
using System.Text.Json;
using Glm.Lsp.Protocol;
using Glm.Lsp.Server;
using StreamJsonRpc;

namespace Glm.Lsp.Demo;

/// <summary>
/// The main job from a terminal: starts <c>glm-lsp --stdio</c> as a child process and talks to it as an editor would,
/// printing the streamed inline completion, a paragraph rewrite and a comment translation as they arrive, with timings.
/// </summary>
public sealed class DemoClient(TextWriter output)
{
    public async Task<int> RunAsync(string? modelPath, CancellationToken cancellationToken)
    {
        using var child = Process.Start(ServerStartInfo()) ?? throw new InvalidOperationException("Could not start glm-lsp --stdio.");
        try
        {
            return await TalkAsync(child, modelPath, cancellationToken);
        }
        finally
        {
            if (!child.HasExited)
            {
                child.Kill();
            }
        }
    }

    private async Task<int> TalkAsync(Process child, string? modelPath, CancellationToken cancellationToken)
    {
        _ = child.StandardError.ReadToEndAsync(cancellationToken);
        var formatter = new SystemTextJsonFormatter { JsonSerializerOptions = LspJson.Options };
        using var rpc = new JsonRpc(new HeaderDelimitedMessageHandler(child.StandardInput.BaseStream, child.StandardOutput.BaseStream, formatter));
        rpc.AddLocalRpcTarget(new DemoClientHandlers(output));
        rpc.StartListening();

        var clock = Stopwatch.StartNew();
        await rpc.InvokeWithParameterObjectAsync<JsonElement>("initialize", new
        {
            processId = Environment.ProcessId,
            clientInfo = new { name = "glm-lsp demo" },
            capabilities = new { window = new { workDoneProgress = true }, textDocument = new { inlineCompletion = new { } } },
            initializationOptions = new { modelPath = modelPath ?? "", hoverTimeBudgetMs = 60000 },
        }, cancellationToken);
        await rpc.NotifyWithParameterObjectAsync("initialized", new { });
        output.WriteLine($"[{clock.Elapsed.TotalSeconds,6:F2}s] server initialized; waiting for the model");

        var status = await WaitForModelAsync(rpc, cancellationToken);
        if (status.GetProperty("state").GetString() != "Ready")
        {
            output.WriteLine();
            output.WriteLine("!!!!!!!! NO MODEL IS LOADED: every result below will be empty. Pass --model FILE (a GLM GGUF). !!!!!!!!");
            output.WriteLine();
        }
        else
        {
            output.WriteLine($"[{clock.Elapsed.TotalSeconds,6:F2}s] model ready: {status}");
        }

        await OpenAsync(rpc, DemoSamples.MarkdownUri, "markdown", DemoSamples.Markdown);
        await OpenAsync(rpc, DemoSamples.CodeUri, "csharp", DemoSamples.Code);

        var paragraphEnd = DemoSamples.Markdown.Split('\n')[DemoSamples.ParagraphLine].Length;
        var step = Stopwatch.StartNew();
        var completion = await rpc.InvokeWithParameterObjectAsync<JsonElement>("textDocument/inlineCompletion", new
        {
            textDocument = new { uri = DemoSamples.MarkdownUri },
            position = new Position(DemoSamples.ParagraphLine, paragraphEnd),
            context = new { triggerKind = 1 },
        }, cancellationToken);
        output.WriteLine($"[{step.Elapsed.TotalSeconds,6:F2}s] inline completion at the end of the paragraph:");
        foreach (var item in completion.GetProperty("items").EnumerateArray())
        {
            output.WriteLine($"    -> {item.GetProperty("insertText").GetString()}");
        }

        step.Restart();
        output.WriteLine("rewrite (Make concise), streamed:");
        try
        {
            var rewrite = await rpc.InvokeWithParameterObjectAsync<JsonElement>(ServerCommands.RewriteMethod, new
            {
                textDocument = new { uri = DemoSamples.MarkdownUri },
                range = new LspRange(new Position(DemoSamples.ParagraphLine, 0), new Position(DemoSamples.ParagraphLine, paragraphEnd)),
                style = "concise",
                partialResultToken = "demo-rewrite",
            }, cancellationToken);
            output.WriteLine();
            output.WriteLine($"[{step.Elapsed.TotalSeconds,6:F2}s] rewrite: {rewrite.GetProperty("text").GetString()}");
        }
        catch (RemoteInvocationException e)
        {
            // A refused request is part of what the demo shows: the server answers with a readable error and goes on.
            output.WriteLine($"[{step.Elapsed.TotalSeconds,6:F2}s] rewrite refused ({e.ErrorCode}): {e.Message}");
        }

        step.Restart();
        var hover = await rpc.InvokeWithParameterObjectAsync<JsonElement?>("textDocument/hover", new
        {
            textDocument = new { uri = DemoSamples.CodeUri },
            position = new Position(DemoSamples.CommentLine, DemoSamples.CommentCharacter),
        }, cancellationToken);
        var hoverText = hover is { ValueKind: JsonValueKind.Object } h ? h.GetProperty("contents").GetProperty("value").GetString() : "(no hover)";
        output.WriteLine($"[{step.Elapsed.TotalSeconds,6:F2}s] hover over the Chinese comment:\n{hoverText}");

        await rpc.InvokeWithCancellationAsync<object?>("shutdown", [], cancellationToken);
        await rpc.NotifyAsync("exit");
        await child.WaitForExitAsync(cancellationToken);
        output.WriteLine($"[{clock.Elapsed.TotalSeconds,6:F2}s] server exited with code {child.ExitCode}");
        return child.ExitCode;
    }

    private static async Task<JsonElement> WaitForModelAsync(JsonRpc rpc, CancellationToken cancellationToken)
    {
        while (true)
        {
            var status = await rpc.InvokeWithParameterObjectAsync<JsonElement>("workspace/executeCommand", new { command = ServerCommands.Status }, cancellationToken);
            if (status.GetProperty("state").GetString() != "Loading")
            {
                return status;
            }

            await Task.Delay(200, cancellationToken);
        }
    }

    private static Task OpenAsync(JsonRpc rpc, string uri, string languageId, string text) =>
        rpc.NotifyWithParameterObjectAsync("textDocument/didOpen", new { textDocument = new TextDocumentItem(uri, languageId, 1, text) });

    /// <summary>This same program with --stdio: under "dotnet glm-lsp.dll" the host is dotnet and the dll comes first.</summary>
    private static ProcessStartInfo ServerStartInfo()
    {
        var host = Environment.ProcessPath ?? "glm-lsp";
        var start = new ProcessStartInfo(host)
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        if (Path.GetFileNameWithoutExtension(host) == "dotnet")
        {
            start.ArgumentList.Add(typeof(DemoClient).Assembly.Location);
        }

        start.ArgumentList.Add("--stdio");
        return start;
    }
}
