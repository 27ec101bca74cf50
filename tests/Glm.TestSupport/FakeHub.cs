using System.Collections.Concurrent;
using System.Security.Cryptography;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace Glm.TestSupport;

/// <summary>A Hugging Face-style hub on 127.0.0.1 serving one file of one repository.</summary>
public sealed class FakeHub : IAsyncDisposable
{
    private int getsToAbort;

    private FakeHub(byte[] data)
    {
        Data = data;
        Sha256 = Convert.ToHexStringLower(SHA256.HashData(data));
    }

    public byte[] Data { get; }

    public string Sha256 { get; }

    /// <summary>Hub mode: the resolve URL redirects to a CDN path with X-Linked-ETag/X-Linked-Size (as huggingface.co does).
    /// Otherwise it serves the bytes itself and the hash is only in the tree API.</summary>
    public bool LinkedETag { get; init; } = true;

    /// <summary>What the tree API lists as lfs.oid (null: the real hash).</summary>
    public string? TreeOid { get; set; }

    /// <summary>Requests as "METHOD path range".</summary>
    public ConcurrentQueue<string> Requests { get; } = new();

    /// <summary>The Authorization header of each request, "" when there was none.</summary>
    public ConcurrentQueue<string> Authorizations { get; } = new();

    public LocalHttpServer Server { get; private set; } = null!;

    public Uri BaseUrl => Server.BaseUrl;

    /// <summary>The next <paramref name="count"/> downloads send half of what they are asked for, then drop the connection.</summary>
    public void AbortNextGets(int count) => getsToAbort = count;

    public static async Task<FakeHub> StartAsync(int size, bool linkedETag = true)
    {
        var data = new byte[size];
        new Random(7).NextBytes(data);
        var hub = new FakeHub(data) { LinkedETag = linkedETag };
        hub.Server = await LocalHttpServer.StartAsync(app =>
        {
            app.Use(async (context, next) =>
            {
                hub.Requests.Enqueue($"{context.Request.Method} {context.Request.Path} {context.Request.Headers.Range}".TrimEnd());
                hub.Authorizations.Enqueue(context.Request.Headers.Authorization.ToString());
                await next(context);
            });
            app.MapMethods("/THUDM/glm-4-9b-chat-gguf/resolve/main/glm-4-9b-chat-Q4_0.gguf", ["GET", "HEAD"], hub.ResolveAsync);
            app.MapMethods("/cdn/blob", ["GET", "HEAD"], hub.ServeBytesAsync);
            app.MapGet("/api/models/THUDM/glm-4-9b-chat-gguf/tree/main", () => Results.Json(new object[]
            {
                new { type = "file", oid = "9fa1b3", size = 1519, path = ".gitattributes" },
                new { type = "file", oid = "2c0e4a", size = 135, path = "glm-4-9b-chat-Q4_0.gguf", lfs = new { oid = hub.TreeOid ?? hub.Sha256, size = hub.Data.Length, pointerSize = 135 } },
            }));
        });
        return hub;
    }

    public ValueTask DisposeAsync() => Server.DisposeAsync();

    private Task ResolveAsync(HttpContext context)
    {
        if (!LinkedETag)
        {
            return ServeBytesAsync(context);
        }

        context.Response.StatusCode = 302;
        context.Response.Headers.Location = "/cdn/blob";
        context.Response.Headers["X-Linked-ETag"] = $"\"{Sha256}\"";
        context.Response.Headers["X-Linked-Size"] = Data.Length.ToString();
        context.Response.Headers.ETag = "\"2c0e4a2c0e4a2c0e4a2c0e4a2c0e4a2c0e4a2c0e\"";
        return Task.CompletedTask;
    }

    private async Task ServeBytesAsync(HttpContext context)
    {
        if (HttpMethods.IsGet(context.Request.Method) && Interlocked.Decrement(ref getsToAbort) >= 0)
        {
            var start = context.Request.GetTypedHeaders().Range?.Ranges.First().From ?? 0;
            var half = (Data.Length - (int)start) / 2;
            context.Response.StatusCode = start > 0 ? 206 : 200;
            context.Response.ContentLength = Data.Length - start;
            if (start > 0)
            {
                context.Response.Headers.ContentRange = $"bytes {start}-{Data.Length - 1}/{Data.Length}";
            }

            await context.Response.Body.WriteAsync(Data.AsMemory((int)start, half));
            await context.Response.Body.FlushAsync();

            // Give the client time to take the bytes before the reset: an abort can discard data still in flight.
            await Task.Delay(300);
            context.Abort();
            return;
        }

        await Results.Bytes(Data, "application/octet-stream", enableRangeProcessing: true).ExecuteAsync(context);
    }
}
