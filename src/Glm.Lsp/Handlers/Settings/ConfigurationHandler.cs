using System.Text.Json;
using System.Text.Json.Nodes;
using Glm.Lsp.Protocol;
using Glm.Lsp.Server;
using Glm.Lsp.Settings;
using Microsoft.Extensions.Logging;
using StreamJsonRpc;

namespace Glm.Lsp.Handlers;

/// <summary>Settings from every source: initializationOptions, workspace/didChangeConfiguration and workspace/configuration.</summary>
internal sealed class ConfigurationHandler(ServerContext context)
{
    private readonly ILogger logger = context.LoggerFactory.CreateLogger<ConfigurationHandler>();

    /// <summary>
    /// A client that supports workspace/configuration is asked for the "glm" section (the value it answers is what the
    /// user configured); otherwise the pushed settings are used as they are.
    /// </summary>
    [JsonRpcMethod("workspace/didChangeConfiguration", UseSingleObjectParameterDeserialization = true)]
    public async Task DidChangeConfigurationAsync(DidChangeConfigurationParams change)
    {
        var pushed = change.Settings;
        if (context.Client.Capabilities.WorkspaceConfiguration)
        {
            await PullAsync(CancellationToken.None, endsLateSettingsWait: true);
        }
        else
        {
            await ApplyAsync(pushed, CancellationToken.None, endsLateSettingsWait: true);
        }
    }

    /// <summary>Ends the wait of a server with no model for the settings a client pushes after 'initialized'.</summary>
    public LateSettingsWait LateSettings { get; init; } = new(TimeSpan.Zero);

    /// <summary>The declaration table as JSON, shaped like VS Code's contributes.configuration.</summary>
    [JsonRpcMethod(ServerCommands.SettingsSchemaMethod)]
    [System.Diagnostics.CodeAnalysis.SuppressMessage("Performance", "CA1822", Justification = "RPC targets are registered as instances.")]
    public JsonObject SettingsSchema() => Settings.SettingsSchema.Build();

    public async Task PullAsync(CancellationToken cancellationToken, bool endsLateSettingsWait = false)
    {
        var pulled = await context.Client.GetConfigurationAsync(cancellationToken);
        await ApplyAsync(pulled, cancellationToken, endsLateSettingsWait);
    }

    /// <param name="endsLateSettingsWait">True for the settings of a didChangeConfiguration: once they are applied, a
    /// missing model is reported (<see cref="LateSettingsWait"/>).</param>
    public async Task ApplyAsync(JsonElement? json, CancellationToken cancellationToken, bool endsLateSettingsWait = false)
    {
        var problems = context.Settings.Apply(json);
        var settings = context.Settings.Current;
        context.LogLevel.Set(settings.LogLevel);
        logger.LogDebug("Settings now {Settings}", settings with
        {
            RemoteEndpoint = Glm.Inference.Networking.DisplayUrl.Redact(settings.RemoteEndpoint),
            NetworkProxy = Glm.Inference.Networking.DisplayUrl.Redact(settings.NetworkProxy),
        });
        if (problems.Count > 0)
        {
            await context.Client.ShowMessageAsync(MessageType.Warning, "glm-lsp: ignored invalid settings: " + string.Join(" ", problems), cancellationToken);
        }

        if (endsLateSettingsWait)
        {
            LateSettings.End();
        }

        context.ModelConfiguration.SettingsChanged(LateSettings.IsWaiting);
    }

    public void ApplyInitial(JsonElement? json)
    {
        // initialize must answer before anything is sent to the client, so problems found here are reported after 'initialized'.
        PendingProblems = context.Settings.Apply(json, ModelPathSource.InitializationOptions);
        context.LogLevel.Set(context.Settings.Current.LogLevel);
    }

    public IReadOnlyList<string> PendingProblems { get; private set; } = [];
}
