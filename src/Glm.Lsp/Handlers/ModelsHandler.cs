using Glm.Inference.Models;
using Glm.Lsp.Protocol;
using Glm.Lsp.Server;
using StreamJsonRpc;

namespace Glm.Lsp.Handlers;

/// <summary>glm/models (the models found on this machine, for the editor's model picker) and glm/setApiKey (the remote
/// engine's key from the editor's secret storage). Both are documented in docs/lsp-extensions.md.</summary>
internal sealed class ModelsHandler(ServerContext context, ConfigurationHandler configuration, Func<ModelStoreLocations> locations)
{
    [JsonRpcMethod(ServerCommands.ModelsMethod, UseSingleObjectParameterDeserialization = true)]
    public Task<ModelsResult> ListAsync(ModelsParams? parameters, CancellationToken cancellationToken)
    {
        _ = parameters;
        var settings = context.Settings.Current;

        // Reading GGUF headers touches the disk; keep it off the JSON-RPC dispatch.
        return Task.Run(() => List(settings.ModelPath, settings.ModelDirectories, locations(), cancellationToken), cancellationToken);
    }

    /// <summary>Stores the key in memory and reconnects the remote engine with it. The key is not logged.</summary>
    [JsonRpcMethod(ServerCommands.SetApiKeyMethod, UseSingleObjectParameterDeserialization = true)]
    public void SetApiKey(SetApiKeyParams parameters)
    {
        ArgumentNullException.ThrowIfNull(parameters);
        context.ApiKeys.Set(parameters.ApiKey);
        configuration.ReloadModelIfRemote();
    }

    public static ModelsResult List(string modelPath, IReadOnlyList<string> directories, ModelStoreLocations locations, CancellationToken cancellationToken = default)
    {
        var entries = new List<ModelListEntry>();
        if (modelPath.Length > 0 && File.Exists(modelPath))
        {
            entries.Add(ToEntry(ModelCatalog.Describe(modelPath, ModelSource.Configured, Path.GetFileName(modelPath)), "setting"));
        }

        var configured = entries.Select(e => Path.GetFullPath(e.Path)).ToHashSet(StringComparer.Ordinal);
        foreach (var found in new ModelCatalog(locations).List(directories, cancellationToken))
        {
            if (!configured.Contains(Path.GetFullPath(found.Path)))
            {
                entries.Add(ToEntry(found, SourceName(found.Source)));
            }
        }

        return new ModelsResult(entries);
    }

    private static ModelListEntry ToEntry(CatalogEntry entry, string source) =>
        new(entry.Path, entry.DisplayName, source, entry.Summary?.Architecture, entry.SizeBytes, entry.Summary?.Quantization, entry.Runnable, entry.Problem);

    private static string SourceName(ModelSource source) => source switch
    {
        ModelSource.Configured => "directory",
        ModelSource.UserCache => "cache",
        ModelSource.Ollama => "ollama",
        ModelSource.LmStudio => "lmstudio",
        _ => throw new ArgumentOutOfRangeException(nameof(source), source, "Unknown model source."),
    };
}
