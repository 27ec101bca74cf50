using System.Net;

namespace Glm.Inference.Networking;

/// <summary>
/// The proxy rules of <see cref="NetworkSettings"/> plus the usual environment variables. Loopback is never proxied:
/// a local llama.cpp server must keep working when a corporate proxy is configured for everything else.
/// </summary>
public sealed class ConfiguredProxy : IWebProxy
{
    private readonly Uri? httpProxy;
    private readonly Uri? httpsProxy;
    private readonly IReadOnlyList<string> bypassRules;

    private readonly ProxyCredentials credentials = new();

    public ConfiguredProxy(NetworkSettings settings, Func<string, string?>? environment = null)
    {
        environment ??= Environment.GetEnvironmentVariable;
        Credentials = credentials;
        var rules = new List<string>(settings.NoProxy);
        if (settings.Proxy is { Length: > 0 } explicitProxy)
        {
            httpProxy = httpsProxy = ParseProxy(explicitProxy);
        }
        else if (settings.UseEnvironmentProxy)
        {
            httpProxy = ParseProxy(Read(environment, "HTTP_PROXY"));
            httpsProxy = ParseProxy(Read(environment, "HTTPS_PROXY")) ?? httpProxy;
        }

        if (settings.UseEnvironmentProxy && Read(environment, "NO_PROXY") is { } noProxy)
        {
            rules.AddRange(noProxy.Split([',', ' '], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));
        }

        bypassRules = rules;
    }

    /// <summary>The user name and password of a proxy URL such as <c>http://alice:pw@proxy:3128</c>, answered for that
    /// proxy only; the URL itself is kept without them, so no message or log that names the proxy shows the password.</summary>
    public ICredentials? Credentials { get; set; }

    /// <summary>True when some request would go through a proxy.</summary>
    public bool HasProxy => httpProxy is not null || httpsProxy is not null;

    public Uri? GetProxy(Uri destination)
    {
        if (IsBypassed(destination))
        {
            return null;
        }

        return destination.Scheme == Uri.UriSchemeHttps ? httpsProxy : httpProxy;
    }

    public bool IsBypassed(Uri host)
    {
        if (LoopbackHost.IsLoopback(host))
        {
            return true;
        }

        if ((host.Scheme == Uri.UriSchemeHttps ? httpsProxy : httpProxy) is null)
        {
            return true;
        }

        var name = host.IdnHost;
        foreach (var rule in bypassRules)
        {
            if (Matches(rule, name, host.Port))
            {
                return true;
            }
        }

        return false;
    }

    private static bool Matches(string rule, string host, int port)
    {
        if (rule == "*")
        {
            return true;
        }

        // "host:port" rules only bypass that port.
        var ruleHost = rule;
        var colon = rule.LastIndexOf(':');
        if (colon > 0 && !rule.Contains(']') && int.TryParse(rule[(colon + 1)..], out var rulePort))
        {
            if (rulePort != port)
            {
                return false;
            }

            ruleHost = rule[..colon];
        }

        ruleHost = ruleHost.TrimStart('*');
        if (ruleHost.StartsWith('.'))
        {
            return host.EndsWith(ruleHost, StringComparison.OrdinalIgnoreCase)
                || host.Equals(ruleHost[1..], StringComparison.OrdinalIgnoreCase);
        }

        // curl treats a bare domain in NO_PROXY as covering its subdomains too.
        return host.Equals(ruleHost, StringComparison.OrdinalIgnoreCase)
            || host.EndsWith("." + ruleHost, StringComparison.OrdinalIgnoreCase);
    }

    private static string? Read(Func<string, string?> environment, string name) =>
        environment(name) is { Length: > 0 } upper ? upper
        : environment(name.ToLowerInvariant()) is { Length: > 0 } lower ? lower
        : null;

    private Uri? ParseProxy(string? value)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            return null;
        }

        // "proxy:3128" without a scheme is common in environment variables.
        var text = value.Contains("://", StringComparison.Ordinal) ? value : "http://" + value;
        if (!Uri.TryCreate(text, UriKind.Absolute, out var uri))
        {
            throw new ArgumentException($"The proxy setting '{DisplayUrl.Redact(value)}' is not a valid URL.", nameof(value));
        }

        if (uri.UserInfo.Length == 0)
        {
            return uri;
        }

        var colon = uri.UserInfo.IndexOf(':', StringComparison.Ordinal);
        var user = Uri.UnescapeDataString(colon < 0 ? uri.UserInfo : uri.UserInfo[..colon]);
        var password = colon < 0 ? string.Empty : Uri.UnescapeDataString(uri.UserInfo[(colon + 1)..]);
        var withoutUserInfo = new UriBuilder(uri) { UserName = string.Empty, Password = string.Empty }.Uri;
        credentials.Add(withoutUserInfo, new NetworkCredential(user, password));
        return withoutUserInfo;
    }

    /// <summary>Answers with the credential of the proxy asked about, for any authentication scheme it offers.</summary>
    private sealed class ProxyCredentials : ICredentials
    {
        private readonly Dictionary<string, NetworkCredential> byAuthority = new(StringComparer.OrdinalIgnoreCase);

        public void Add(Uri proxy, NetworkCredential credential) => byAuthority[proxy.GetLeftPart(UriPartial.Authority)] = credential;

        public NetworkCredential? GetCredential(Uri uri, string authType) =>
            byAuthority.GetValueOrDefault(uri.GetLeftPart(UriPartial.Authority));

        public override string ToString() => "ProxyCredentials (redacted)";
    }
}
