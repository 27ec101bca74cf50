using System.Reflection;
using Glm.Lsp.Client;
using Glm.Lsp.Protocol;
using Glm.Lsp.Server;
using Glm.Lsp.Syntax;
using Microsoft.Extensions.Logging;
using StreamJsonRpc;

namespace Glm.Lsp.Handlers;

/// <summary>initialize, initialized, shutdown and exit. The lifecycle gate in <see cref="LspJsonRpc"/> has already
/// refused anything out of order before these run.</summary>
internal sealed class LifecycleHandler(ServerContext context, ConfigurationHandler configuration)
{
    private readonly ILogger logger = context.LoggerFactory.CreateLogger<LifecycleHandler>();

    /// <remarks>https://microsoft.github.io/language-server-protocol/specifications/lsp/3.18/specification/#initialize</remarks>
    [JsonRpcMethod("initialize", UseSingleObjectParameterDeserialization = true)]
    public InitializeResult Initialize(InitializeParams parameters)
    {
        context.Client.Capabilities = ClientCapabilities.From(parameters.Capabilities);
        configuration.ApplyInitial(parameters.InitializationOptions);
        context.WorkspaceFolders.Replace(
            parameters.WorkspaceFolders?.Select(folder => folder.Uri) ?? (parameters.RootUri is { } root ? [root] : []));
        context.Lifecycle.MarkInitialized();

        // Compile the Markdown grammar while the model loads, not when the user types the first words (see WarmUpDocuments).
        _ = Task.Run(() => context.Syntax.Warm(WarmUpDocuments.Markdown));
        logger.LogInformation("Initialized by {Client} with {Capabilities}", parameters.ClientInfo?.Name ?? "an unnamed client", context.Client.Capabilities);
        return new InitializeResult(ServerCapabilitiesFactory.Create(context.Client.Capabilities), new ServerInfo("glm-lsp", Version));
    }

    /// <summary>Settings are pulled and the model load starts only now: before 'initialized' the server may not send requests.</summary>
    [JsonRpcMethod("initialized", UseSingleObjectParameterDeserialization = true)]
    public async Task InitializedAsync(object? parameters)
    {
        _ = parameters;
        context.ModelConfiguration.LoadingEnabled = true;
        if (configuration.PendingProblems.Count > 0)
        {
            await context.Client.ShowMessageAsync(MessageType.Warning, "glm-lsp: ignored invalid settings: " + string.Join(" ", configuration.PendingProblems), CancellationToken.None);
        }

        if (context.Client.Capabilities.WorkspaceConfiguration)
        {
            await configuration.PullAsync(CancellationToken.None);
        }

        var model = context.ModelConfiguration.Current();
        if (model.ModelPath.Length == 0 && model.Remote is null)
        {
            // Not awaited: notifications run in order, and the didChangeConfiguration this waits for comes after this one.
            _ = ApplyAfterLateSettingsAsync();
        }
        else
        {
            configuration.LateSettings.End();
            context.ModelConfiguration.Load();
        }
    }

    private async Task ApplyAfterLateSettingsAsync()
    {
        await configuration.LateSettings.WaitAsync();
        context.ModelConfiguration.Load();
    }

    /// <remarks>https://microsoft.github.io/language-server-protocol/specifications/lsp/3.18/specification/#shutdown</remarks>
    [JsonRpcMethod("shutdown")]
    public object? Shutdown()
    {
        context.Lifecycle.MarkShutDown();
        return null;
    }

    /// <remarks>https://microsoft.github.io/language-server-protocol/specifications/lsp/3.18/specification/#exit</remarks>
    [JsonRpcMethod("exit")]
    public void Exit() => context.Lifecycle.MarkExited();

    private static string Version =>
        typeof(LifecycleHandler).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion ?? "0.0.0";
}
