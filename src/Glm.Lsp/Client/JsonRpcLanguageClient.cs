using System.Text.Json;
using Glm.Lsp.Protocol;
using Microsoft.Extensions.Logging;
using StreamJsonRpc;

namespace Glm.Lsp.Client;

/// <summary>The editor at the other end of the JSON-RPC connection.</summary>
internal sealed class JsonRpcLanguageClient(JsonRpc rpc, ILogger logger) : ILanguageClient
{
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
            await rpc.InvokeWithParameterObjectAsync<JsonElement?>("window/workDoneProgress/create", new WorkDoneProgressCreateParams(token), cancellationToken);
            return true;
        }
        catch (RemoteInvocationException e)
        {
            logger.LogWarning("The client refused a progress token: {Message}", e.Message);
            return false;
        }
    }

    /// <summary>glm/requestStats, sent only when the server runs with --request-stats.</summary>
    public Task SendRequestStatsAsync(RequestStatsParams stats) =>
        rpc.NotifyWithParameterObjectAsync(Server.ServerCommands.RequestStatsNotification, stats);

    public Task SendProgressAsync(JsonElement token, object value, CancellationToken cancellationToken) =>
        rpc.NotifyWithParameterObjectAsync("$/progress", new ProgressParams(token, value));

    public async Task<JsonElement?> GetConfigurationAsync(CancellationToken cancellationToken)
    {
        if (!Capabilities.WorkspaceConfiguration)
        {
            return null;
        }

        try
        {
            var answer = await rpc.InvokeWithParameterObjectAsync<JsonElement[]>(
                "workspace/configuration", new ConfigurationParams([new ConfigurationItem("glm")]), cancellationToken);
            return answer is [var first, ..] ? first : null;
        }
        catch (RemoteInvocationException e)
        {
            logger.LogWarning("workspace/configuration failed: {Message}", e.Message);
            return null;
        }
    }
}
