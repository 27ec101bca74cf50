namespace Glm.Inference.Networking;

/// <summary>How outgoing HTTP traffic (remote backend, model downloads) reaches the network on a corporate machine.</summary>
public sealed record NetworkSettings
{
    /// <summary>Proxy URL such as <c>http://proxy.corp:3128</c>. Overrides <c>HTTPS_PROXY</c>/<c>HTTP_PROXY</c> when set.</summary>
    public string? Proxy { get; init; }

    /// <summary>Hosts that bypass the proxy, added to <c>NO_PROXY</c>: exact names, <c>.suffix</c> or <c>*.suffix</c> domains, or <c>*</c>.</summary>
    public IReadOnlyList<string> NoProxy { get; init; } = [];

    /// <summary>Read <c>HTTPS_PROXY</c>, <c>HTTP_PROXY</c> and <c>NO_PROXY</c> (either case) from the environment.</summary>
    public bool UseEnvironmentProxy { get; init; } = true;

    /// <summary>PEM file with extra CA certificates (a corporate TLS-inspection root) trusted besides the system store.</summary>
    public string? ExtraCaCertificatesPath { get; init; }

    /// <summary>Time allowed to open a TCP connection (and the TLS handshake).</summary>
    public TimeSpan ConnectTimeout { get; init; } = TimeSpan.FromSeconds(10);

    public static NetworkSettings Default { get; } = new();
}
