namespace Glm.Lsp.Protocol;

/// <summary>Names of the custom methods and commands, shared by registration, capabilities and docs/lsp-extensions.md.</summary>
public static class ServerCommands
{
    public const string SettingsSchemaMethod = "glm/settingsSchema";
    public const string StatusMethod = "glm/status";
    public const string GetStatusMethod = "glm/getStatus";
    public const string RewriteMethod = "glm/rewrite";
    public const string ModelsMethod = "glm/models";
    public const string SetApiKeyMethod = "glm/setApiKey";
    public const string RequestStatsNotification = "glm/requestStats";
    public const string DidFocusNotification = "glm/didFocus";
    public const string Translate = "glm.translate";
    public const string Rewrite = "glm.rewrite";

    /// <summary>The standard notification of added and removed workspace folders (not a custom method).</summary>
    public const string DidChangeWorkspaceFolders = "workspace/didChangeWorkspaceFolders";
}
