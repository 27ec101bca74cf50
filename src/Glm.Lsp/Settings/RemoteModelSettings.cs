using Glm.Inference.Networking;

namespace Glm.Lsp.Settings;

/// <summary>The settings that move every feature to an OpenAI-compatible server (glm.remote.*, glm.network.*).</summary>
/// <param name="Endpoint">API base URL as the user wrote it; never empty here.</param>
/// <param name="Model">Model name on that server; empty is reported as a problem when connecting.</param>
/// <param name="AllowInsecureHttp">Whether plain http:// to a host other than this machine is allowed.</param>
/// <param name="Proxy">Proxy URL; empty uses the environment (HTTPS_PROXY, NO_PROXY).</param>
/// <param name="CaCertificates">PEM file of extra CA roots; empty for none.</param>
public sealed record RemoteModelSettings(string Endpoint, string Model, bool AllowInsecureHttp, string Proxy, string CaCertificates)
{
    /// <summary>How the status and logs name the backend: "remote &lt;endpoint&gt; &lt;model&gt;", the endpoint without
    /// user info or query (<see cref="DisplayUrl"/>).</summary>
    public string Display => $"remote {DisplayUrl.Redact(Endpoint)} {Model}";

    /// <summary>Records print every member; the endpoint and proxy are shown redacted, as everywhere else.</summary>
    public override string ToString() =>
        $"RemoteModelSettings {{ Endpoint = {DisplayUrl.Redact(Endpoint)}, Model = {Model}, AllowInsecureHttp = {AllowInsecureHttp}, Proxy = {DisplayUrl.Redact(Proxy)}, CaCertificates = {CaCertificates} }}";
}
