using Glm.Lsp.Client;
using Glm.Lsp.Documents;
using Glm.Lsp.Models;
using Glm.Lsp.Server;
using Glm.Lsp.Settings;
using Glm.Lsp.Syntax;
using Microsoft.Extensions.Logging;

namespace Glm.Lsp.Handlers;

/// <summary>The state shared by all handlers of one connection.</summary>
internal sealed class ServerContext(
    ServerLifecycle lifecycle,
    JsonRpcLanguageClient client,
    SettingsStore settings,
    ModelHost models,
    LogLevelSwitch logLevel,
    ApiKeyStore apiKeys,
    ILoggerFactory loggerFactory)
{
    public ServerLifecycle Lifecycle { get; } = lifecycle;
    public JsonRpcLanguageClient Client { get; } = client;
    public DocumentStore Documents { get; } = new();

    /// <summary>The editor's workspace folders, for paths relative to them.</summary>
    public WorkspaceFolderSet WorkspaceFolders { get; } = new();
    public SyntaxContextDetector Syntax { get; init; } = SyntaxContextDetector.Shared;
    public SettingsStore Settings { get; } = settings;
    public ModelHost Models { get; } = models;
    public LogLevelSwitch LogLevel { get; } = logLevel;
    public ApiKeyStore ApiKeys { get; } = apiKeys;
    public ILoggerFactory LoggerFactory { get; } = loggerFactory;

    /// <summary>Which model the settings ask for, and when it loads.</summary>
    public ModelConfiguration ModelConfiguration { get; } = new(settings, apiKeys, models);
}
