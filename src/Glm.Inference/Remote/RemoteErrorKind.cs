namespace Glm.Inference.Remote;

/// <summary>Why a remote backend call failed; the editor picks its advice from this.</summary>
public enum RemoteErrorKind
{
    /// <summary>401 or 403: the API key is missing or wrong.</summary>
    Unauthorized,

    /// <summary>404 naming the model: the server does not serve it.</summary>
    ModelNotFound,

    /// <summary>404 for the path: the URL is not an OpenAI-compatible API base.</summary>
    EndpointNotFound,

    /// <summary>429: too many requests.</summary>
    RateLimited,

    /// <summary>500–599: the server failed.</summary>
    ServerError,

    /// <summary>Another 4xx, such as a prompt longer than the server's context.</summary>
    BadRequest,

    /// <summary>The TLS handshake failed (untrusted certificate, wrong host name, protocol mismatch).</summary>
    TlsFailure,

    /// <summary>Nothing listens on the host and port.</summary>
    ConnectionRefused,

    /// <summary>The host name does not resolve.</summary>
    HostNotFound,

    /// <summary>The proxy refused or failed the request.</summary>
    ProxyFailure,

    /// <summary>The server took too long to answer or stopped sending in the middle of a stream.</summary>
    Timeout,

    /// <summary>Plain HTTP to a host other than this machine was refused (the API key and code would travel in clear text).</summary>
    InsecureEndpointRefused,

    /// <summary>The server answered something that is not an OpenAI-compatible response, or reported an error inside the stream.</summary>
    BadResponse,

    /// <summary>Any other network failure (connection reset, closed early).</summary>
    Network,
}
