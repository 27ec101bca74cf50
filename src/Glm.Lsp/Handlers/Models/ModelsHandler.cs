using Glm.Inference.Models;
using Glm.Lsp.Models;
using Glm.Lsp.Protocol;
using Glm.Lsp.Server;
using StreamJsonRpc;

namespace Glm.Lsp.Handlers;

/// <summary>glm/models (the models found on this machine, for the editor's model picker) and glm/setApiKey (the remote
/// engine's key from the editor's secret storage). Both are documented in docs/lsp-extensions.md.</summary>
internal sealed class ModelsHandler(ServerContext context, Func<ModelStoreLocations> locations)
{
    [JsonRpcMethod(ServerCommands.ModelsMethod, UseSingleObjectParameterDeserialization = true)]
    public Task<ModelsResult> ListAsync(ModelsParams? parameters, CancellationToken cancellationToken)
    {
        _ = parameters;
        var settings = context.Settings.Current;

        // Reading GGUF headers touches the disk; keep it off the JSON-RPC dispatch.
        return Task.Run(() => ModelListing.List(settings.ModelPath, settings.ModelDirectories, locations(), cancellationToken).ToModelsResult(), cancellationToken);
    }

    /// <summary>Stores the key in memory and reconnects the remote engine with it. The key is not logged.</summary>
    [JsonRpcMethod(ServerCommands.SetApiKeyMethod, UseSingleObjectParameterDeserialization = true)]
    public void SetApiKey(SetApiKeyParams parameters)
    {
        ArgumentNullException.ThrowIfNull(parameters);
        context.ApiKeys.Set(parameters.ApiKey);
        context.ModelConfiguration.ApiKeyChanged();
    }
}
