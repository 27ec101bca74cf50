using System.Text.Json;
using Glm.Lsp.Protocol;
using Microsoft.Extensions.Logging;
using StreamJsonRpc;

namespace Glm.Lsp.Client;

/// <summary>The editor at the other end of the JSON-RPC connection.</summary>
internal sealed class JsonRpcLanguageClient(JsonRpc rpc, ILogger logger) : ILanguageClient
{
    /// <summary>
    /// How long the server waits for the editor to answer one of its own requests. A client that never answers
    /// window/workDoneProgress/create or workspace/configuration must not stall model loading or settings forever:
    /// after this the server goes on without the progress bar or with the settings it already has.
    /// </summary>
    public static readonly TimeSpan AnswerTimeout = TimeSpan.FromSeconds(5);

    public ClientCapabilities Capabilities { get; set; } = ClientCapabilities.None;

    public Task ShowMessageAsync(MessageType type, string message, CancellationToken cancellationToken) =>
        rpc.NotifyWithParameterObjectAsync("window/showMessage", new ShowMessageParams(type, message));

    public async Task<bool> CreateWorkDoneProgressAsync(JsonElement token, CancellationToken cancellationToken)
    {
        if (!Capabilities.WorkDoneProgress)
        {
            return false;
        }

        try
        {
            // WaitAsync rather than a cancelled token: StreamJsonRpc keeps waiting for the answer even after it sent
            // $/cancelRequest, and a client that never answers never answers that either.
            await rpc.InvokeWithParameterObjectAsync<JsonElement?>("window/workDoneProgress/create", new WorkDoneProgressCreateParams(token), cancellationToken)
                .WaitAsync(AnswerTimeout, cancellationToken);
            return true;
        }
        catch (TimeoutException)
        {
            logger.LogWarning("The client did not answer window/workDoneProgress/create within {Seconds} s; going on without a progress bar.", AnswerTimeout.TotalSeconds);
            return false;
        }
        catch (RemoteInvocationException e)
        {
            logger.LogWarning("The client refused a progress token: {Message}", e.Message);
            return false;
        }
    }

    /// <summary>glm/requestStats, sent only when the server runs with the request-stats diagnostic switch.</summary>
    public Task SendRequestStatsAsync(RequestStatsParams stats) =>
        rpc.NotifyWithParameterObjectAsync(ServerCommands.RequestStatsNotification, stats);

    public Task SendProgressAsync(JsonElement token, object value, CancellationToken cancellationToken) =>
        rpc.NotifyWithParameterObjectAsync("$/progress", new ProgressParams(token, value));

    public Task SendStatusAsync(GlmStatus status, CancellationToken cancellationToken) =>
        rpc.NotifyWithParameterObjectAsync(ServerCommands.StatusMethod, status);

    /// <summary>workspace/applyEdit. No timeout: the editor may ask the user before it applies the edit.</summary>
    public Task<ApplyWorkspaceEditResult> ApplyEditAsync(string label, WorkspaceEdit edit, CancellationToken cancellationToken) =>
        rpc.InvokeWithParameterObjectAsync<ApplyWorkspaceEditResult>("workspace/applyEdit", new ApplyWorkspaceEditParams(label, edit), cancellationToken);

    public async Task<JsonElement?> GetConfigurationAsync(CancellationToken cancellationToken)
    {
        if (!Capabilities.WorkspaceConfiguration)
        {
            return null;
        }

        try
        {
            var answer = await rpc.InvokeWithParameterObjectAsync<JsonElement[]>(
                "workspace/configuration", new ConfigurationParams([new ConfigurationItem("glm")]), cancellationToken)
                .WaitAsync(AnswerTimeout, cancellationToken);
            return answer is [var first, ..] ? first : null;
        }
        catch (TimeoutException)
        {
            logger.LogWarning("The client did not answer workspace/configuration within {Seconds} s; keeping the current settings.", AnswerTimeout.TotalSeconds);
            return null;
        }
        catch (RemoteInvocationException e)
        {
            logger.LogWarning("workspace/configuration failed: {Message}", e.Message);
            return null;
        }
    }
}
