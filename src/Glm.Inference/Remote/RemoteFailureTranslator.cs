using System.Net;
using System.Net.Sockets;
using System.Security.Authentication;

namespace Glm.Inference.Remote;

/// <summary>Turns HTTP statuses and network exceptions into <see cref="RemoteBackendException"/>s with messages a user can act on.</summary>
internal static class RemoteFailureTranslator
{
    public static RemoteBackendException FromStatus(
        RemoteEndpoints endpoints, string model, HttpStatusCode status, string body, TimeSpan? retryAfter, bool hadApiKey, RemoteServerInfo? server)
    {
        var code = (int)status;
        var serverMessage = ServerErrorBody.ExtractMessage(body);
        var where = endpoints.Display;
        switch (code)
        {
            case 401 or 403:
                var advice = hadApiKey
                    ? "Check the API key (setting or GLM_LSP_API_KEY)."
                    : "No API key was sent: set one in the editor or in GLM_LSP_API_KEY.";
                return new RemoteBackendException(RemoteErrorKind.Unauthorized, $"{where} refused the request ({code}): {serverMessage} {advice}") { StatusCode = code };
            case 404 when server is { Models.Count: > 0 } && !server.Models.Contains(model, StringComparer.Ordinal):
                return new RemoteBackendException(
                    RemoteErrorKind.ModelNotFound,
                    $"{where} does not serve the model '{model}'. Models it serves: {string.Join(", ", server.Models)}.")
                { StatusCode = code, AvailableModels = server.Models };
            case 404:
                return new RemoteBackendException(
                    RemoteErrorKind.EndpointNotFound,
                    $"{where} answered 404 for the request: {serverMessage} Check that the endpoint is the API base (for example http://host:8000/v1).")
                { StatusCode = code };
            case 429:
                var wait = retryAfter is { } delay ? $" The server asks to retry after {Math.Ceiling(delay.TotalSeconds):0} s." : string.Empty;
                return new RemoteBackendException(RemoteErrorKind.RateLimited, $"{where} is rate limiting requests (429): {serverMessage}{wait}")
                { StatusCode = code, RetryAfter = retryAfter, IsTransient = true };
            case >= 500:
                return new RemoteBackendException(RemoteErrorKind.ServerError, $"{where} failed with {code} {status}: {serverMessage}")
                { StatusCode = code, RetryAfter = retryAfter, IsTransient = code is 500 or 502 or 503 or 504 };
            case 408:
                return new RemoteBackendException(RemoteErrorKind.Timeout, $"{where} timed out the request (408): {serverMessage}") { StatusCode = code, IsTransient = true };
            default:
                return new RemoteBackendException(RemoteErrorKind.BadRequest, $"{where} rejected the request ({code}): {serverMessage}") { StatusCode = code };
        }
    }

    public static RemoteBackendException FromException(RemoteEndpoints endpoints, Exception error)
    {
        var where = endpoints.Display;
        if (error is HttpRequestException http)
        {
            var socket = FindInner<SocketException>(error);
            switch (http.HttpRequestError)
            {
                case HttpRequestError.SecureConnectionError:
                    var detail = FindInner<AuthenticationException>(error)?.Message ?? http.Message;
                    return new RemoteBackendException(
                        RemoteErrorKind.TlsFailure,
                        $"The TLS connection to {where} failed: {detail} If a corporate proxy inspects TLS, point extraCaCertificates at its root CA (PEM).",
                        error);
                case HttpRequestError.NameResolutionError:
                    return new RemoteBackendException(RemoteErrorKind.HostNotFound, $"The host of {where} could not be resolved: {http.Message}", error);
                case HttpRequestError.ProxyTunnelError:
                    return new RemoteBackendException(RemoteErrorKind.ProxyFailure, $"The proxy refused the connection to {where}: {http.Message}", error);
                case HttpRequestError.ConnectionError when socket?.SocketErrorCode == SocketError.ConnectionRefused:
                    return new RemoteBackendException(RemoteErrorKind.ConnectionRefused, $"Could not connect to {where}: the connection was refused. Is the server running?", error);
                default:
                    return new RemoteBackendException(RemoteErrorKind.Network, $"The connection to {where} failed: {http.Message}", error) { IsTransient = false };
            }
        }

        if (error is IOException)
        {
            return new RemoteBackendException(RemoteErrorKind.Network, $"The connection to {where} broke: {error.Message}", error);
        }

        return new RemoteBackendException(RemoteErrorKind.BadResponse, $"Unexpected failure talking to {where}: {error.Message}", error);
    }

    /// <summary>No response headers in time: worth a retry, since nothing was streamed yet.</summary>
    public static RemoteBackendException ResponseTimeout(RemoteEndpoints endpoints, TimeSpan limit) =>
        new(RemoteErrorKind.Timeout, $"{endpoints.Display} did not answer within {limit.TotalSeconds:0.###} s.") { IsTransient = true };

    /// <summary>Silence in the middle of a stream: text was already shown, so it is never retried.</summary>
    public static RemoteBackendException StreamTimeout(RemoteEndpoints endpoints, TimeSpan limit) =>
        new(RemoteErrorKind.Timeout, $"{endpoints.Display} sent nothing for {limit.TotalSeconds:0.###} s in the middle of the stream.");

    private static T? FindInner<T>(Exception error)
        where T : Exception
    {
        for (var current = error; current is not null; current = current.InnerException)
        {
            if (current is T match)
            {
                return match;
            }
        }

        return null;
    }
}
