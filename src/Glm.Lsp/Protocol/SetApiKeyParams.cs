namespace Glm.Lsp.Protocol;

/// <summary>Parameters of the custom notification glm/setApiKey (docs/lsp-extensions.md#glmsetapikey-notification):
/// the key from the editor's secret storage, or null to forget it and fall back to GLM_LSP_API_KEY.</summary>
/// <remarks>ToString is overridden so that no log line can ever print the key.</remarks>
public sealed record SetApiKeyParams(string? ApiKey = null)
{
    public override string ToString() => $"SetApiKeyParams {{ ApiKey = {(ApiKey is null ? "null" : "(redacted)")} }}";
}
