using Glm.Lsp.Models;
using Glm.Lsp.Protocol;
using Glm.Lsp.Server;
using Glm.Lsp.Settings;
using StreamJsonRpc;

namespace Glm.Lsp.Handlers.Status;

/// <summary>glm/getStatus (docs/lsp-extensions.md): the status now, in the shape of the glm/status notification, for a
/// client that starts listening late or wants the current state on demand.</summary>
internal sealed class StatusHandler(ModelHost models, SettingsStore settings)
{
    [JsonRpcMethod(ServerCommands.GetStatusMethod)]
    public GlmStatus GetStatus() => GlmStatusConversion.ToProtocol(models.Status, settings.Current);
}
