using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace Glm.Remote.Tests.Support;

/// <summary>
/// A forward proxy on 127.0.0.1 that never forwards anything: it records each request line and answers itself, so a test
/// can check that traffic for a made-up host went through the proxy without any packet leaving the machine.
/// Plain requests get 200 with a fixed JSON body; CONNECT tunnels are refused with 403.
/// </summary>
public sealed class TinyProxy : IAsyncDisposable
{
    public const string AnswerBody = """{"object":"list","data":[{"id":"answered-by-proxy","object":"model","owned_by":"proxy"}]}""";
    private readonly TcpListener listener = new(IPAddress.Loopback, 0);
    private readonly CancellationTokenSource stop = new();
    private readonly Task loop;

    public TinyProxy()
    {
        listener.Start();
        loop = Task.Run(AcceptLoopAsync);
    }

    public Uri Url => new($"http://127.0.0.1:{((IPEndPoint)listener.LocalEndpoint).Port}");

    public ConcurrentQueue<string> RequestLines { get; } = new();

    /// <summary>Every Proxy-Authorization header received.</summary>
    public ConcurrentQueue<string> ProxyAuthorizations { get; } = new();

    /// <summary>When set ("user:password"), a request without these Basic credentials is answered 407.</summary>
    public string? RequiredCredentials { get; init; }

    public async ValueTask DisposeAsync()
    {
        await stop.CancelAsync();
        listener.Stop();
        try
        {
            await loop;
        }
        catch (OperationCanceledException)
        {
        }

        stop.Dispose();
    }

    private async Task AcceptLoopAsync()
    {
        while (!stop.IsCancellationRequested)
        {
            TcpClient client;
            try
            {
                client = await listener.AcceptTcpClientAsync(stop.Token);
            }
            catch (Exception) when (stop.IsCancellationRequested)
            {
                return;
            }

            _ = Task.Run(() => ServeAsync(client));
        }
    }

    private async Task ServeAsync(TcpClient client)
    {
        using (client)
        {
            var stream = client.GetStream();
            using var reader = new StreamReader(stream, Encoding.ASCII, leaveOpen: true);
            var requestLine = await reader.ReadLineAsync();
            if (requestLine is null)
            {
                return;
            }

            RequestLines.Enqueue(requestLine);
            string? authorization = null;
            string? header;
            while (!string.IsNullOrEmpty(header = await reader.ReadLineAsync()))
            {
                // No test request has a body; only the proxy credentials are read.
                if (header.StartsWith("Proxy-Authorization:", StringComparison.OrdinalIgnoreCase))
                {
                    authorization = header["Proxy-Authorization:".Length..].Trim();
                    ProxyAuthorizations.Enqueue(authorization);
                }
            }

            var authorized = RequiredCredentials is null
                || authorization == "Basic " + Convert.ToBase64String(Encoding.UTF8.GetBytes(RequiredCredentials));
            var response = !authorized
                ? "HTTP/1.1 407 Proxy Authentication Required\r\nProxy-Authenticate: Basic realm=\"tiny\"\r\nContent-Length: 0\r\nConnection: close\r\n\r\n"
                : requestLine.StartsWith("CONNECT ", StringComparison.Ordinal)
                ? "HTTP/1.1 403 Forbidden\r\nContent-Length: 0\r\nConnection: close\r\n\r\n"
                : $"HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: {AnswerBody.Length}\r\nConnection: close\r\n\r\n{AnswerBody}";
            await stream.WriteAsync(Encoding.ASCII.GetBytes(response));
            await stream.FlushAsync();
        }
    }
}
