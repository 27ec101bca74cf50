namespace Glm.Inference.Networking;

/// <summary>Builds the HTTP stack for every outgoing request: proxy rules, extra CA roots and connect timeout.</summary>
public static class GlmHttpClientFactory
{
    public static SocketsHttpHandler CreateHandler(NetworkSettings settings, Func<string, string?>? environment = null)
    {
        var proxy = new ConfiguredProxy(settings, environment);
        var handler = new SocketsHttpHandler
        {
            ConnectTimeout = settings.ConnectTimeout,
            UseProxy = proxy.HasProxy,
            Proxy = proxy.HasProxy ? proxy : null,
            AutomaticDecompression = System.Net.DecompressionMethods.All,
            // A redirect is an answer to report, never a hop to take: it could lead a request (and the prompt) from an
            // allowed endpoint to a plain-http host that would have been refused.
            AllowAutoRedirect = false,
            // Connections to a remote model server stay open between completions; recycle them now and then for DNS changes.
            PooledConnectionLifetime = TimeSpan.FromMinutes(10),
        };

        if (settings.ExtraCaCertificatesPath is { Length: > 0 } pemPath)
        {
            var trust = ExtraCertificateTrust.FromPemFile(pemPath);
            handler.SslOptions.RemoteCertificateValidationCallback = (_, certificate, chain, errors) => trust.Validate(certificate, chain, errors);
        }

        return handler;
    }

    /// <summary>An <see cref="HttpClient"/> without its own overall timeout: callers bound each phase themselves
    /// (a streamed completion may rightly last minutes).</summary>
    public static HttpClient Create(NetworkSettings settings, Func<string, string?>? environment = null) =>
        new(CreateHandler(settings, environment), disposeHandler: true) { Timeout = Timeout.InfiniteTimeSpan };
}
