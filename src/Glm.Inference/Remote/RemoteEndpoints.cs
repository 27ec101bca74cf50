using Glm.Inference.Networking;

namespace Glm.Inference.Remote;

/// <summary>The URLs of one OpenAI-compatible server, built from the configured API base.</summary>
public sealed class RemoteEndpoints
{
    public RemoteEndpoints(Uri endpoint, bool allowInsecureRemote)
    {
        if (endpoint.Scheme != Uri.UriSchemeHttp && endpoint.Scheme != Uri.UriSchemeHttps)
        {
            throw new RemoteBackendException(RemoteErrorKind.BadRequest, $"The remote endpoint '{DisplayUrl.Redact(endpoint)}' must be an http:// or https:// URL.");
        }

        if (endpoint.Scheme == Uri.UriSchemeHttp && !allowInsecureRemote && !LoopbackHost.IsLoopback(endpoint))
        {
            throw new RemoteBackendException(
                RemoteErrorKind.InsecureEndpointRefused,
                $"Refusing plain HTTP to {endpoint.Host}: the API key and your code would cross the network unencrypted. "
                + "Use https://, or set allowInsecureRemote to true if this network is trusted.");
        }

        // User info in the URL is dropped: the key travels as a bearer header, and URLs end up in logs and messages.
        var withoutUserInfo = new UriBuilder(endpoint) { UserName = string.Empty, Password = string.Empty, Query = string.Empty, Fragment = string.Empty }.Uri;
        var text = withoutUserInfo.GetLeftPart(UriPartial.Path).TrimEnd('/');
        if (endpoint.AbsolutePath is "" or "/")
        {
            text += "/v1";
        }

        ApiBase = new Uri(text + "/");
        ServerRoot = text.EndsWith("/v1", StringComparison.Ordinal) ? new Uri(text[..^3] + "/") : ApiBase;
    }

    /// <summary>The API base ending in a slash, such as <c>http://host:8000/v1/</c>.</summary>
    public Uri ApiBase { get; }

    /// <summary>The server root, where llama.cpp server has <c>/props</c>.</summary>
    public Uri ServerRoot { get; }

    public Uri ChatCompletions => new(ApiBase, "chat/completions");

    public Uri Completions => new(ApiBase, "completions");

    public Uri Models => new(ApiBase, "models");

    public Uri Props => new(ServerRoot, "props");

    /// <summary>For messages: scheme, host and port only.</summary>
    public string Display => ApiBase.GetLeftPart(UriPartial.Authority);
}
