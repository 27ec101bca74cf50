using System.Net;
using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Text.Json;
using Glm.Inference.Networking;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Glm.Inference.Models;

/// <summary>
/// Downloads one file of a model repository from a Hugging Face-style hub: resumable through a <c>.partial</c> file and
/// Range requests, checked against the SHA-256 the hub publishes, and renamed into place only once the hash matches.
/// </summary>
public static class ModelDownloader
{
    private const int MaxRedirects = 5;
    private const long ProgressStepBytes = 1 << 20;

    public static async Task<DownloadResult> PullAsync(
        string repo,
        string file,
        DownloadOptions options,
        IProgress<DownloadProgress>? progress = null,
        ILogger? logger = null,
        Func<string, string?>? environment = null,
        CancellationToken cancellationToken = default)
    {
        logger ??= NullLogger.Instance;
        environment ??= Environment.GetEnvironmentVariable;
        var (owner, name) = DownloadNames.ParseRepository(repo);
        var fileSegments = DownloadNames.ParseFile(file);
        DownloadNames.CheckRevision(options.Revision);
        HubAccess.CheckTransport(options.BaseUrl, options.AllowInsecureHttp);
        var target = options.TargetDirectory is { } folder
            ? DownloadNames.PathUnder(folder, fileSegments)
            : DownloadNames.PathUnder(ModelStoreLocations.FromEnvironment(environment).UserCache, [owner, name, .. fileSegments]);
        Directory.CreateDirectory(Path.GetDirectoryName(target)!);
        var token = HubAccess.TokenFor(options.BaseUrl, options.AccessToken, environment);
        var hub = DisplayUrl.Redact(options.BaseUrl);

        var handler = GlmHttpClientFactory.CreateHandler(options.Network, environment);
        // Redirects are followed by hand: the hub's first answer carries the hash headers, and the token must not follow
        // a redirect to another host (the CDN).
        handler.AllowAutoRedirect = false;
        using var client = new HttpClient(handler) { Timeout = Timeout.InfiniteTimeSpan };
        var fileUrl = new Uri($"{options.BaseUrl.ToString().TrimEnd('/')}/{owner}/{name}/resolve/{Uri.EscapeDataString(options.Revision)}/{EscapePath(file)}");
        var transfer = new Transfer(client, token, options);

        ExpectedFile expected;
        try
        {
            expected = await ResolveExpectedHashAsync(transfer, fileUrl, repo, file, options, cancellationToken);
        }
        catch (HttpRequestException error)
        {
            throw new ModelDownloadException($"Could not reach {hub}: {error.Message}", error);
        }

        if (expected.Sha256 is null && !options.AllowUnverified)
        {
            throw new ModelDownloadException(
                $"{hub} publishes no SHA-256 for {repo}/{file} (no X-Linked-ETag and no lfs.oid in its tree API); refusing an unverified download. Pass the hash or allow unverified downloads.");
        }

        if (File.Exists(target) && expected.Sha256 is not null && (expected.Size is null || new FileInfo(target).Length == expected.Size)
            && await HashFileAsync(target, cancellationToken) == expected.Sha256)
        {
            logger.LogInformation("{File} is already present and verified.", target);
            return new DownloadResult(target, expected.Sha256, new FileInfo(target).Length, AlreadyPresent: true, Resumed: false);
        }

        if ((File.Exists(target) || Directory.Exists(target) || new FileInfo(target).LinkTarget is not null) && !options.Overwrite)
        {
            throw new ModelDownloadException(
                $"{target} already exists and is not the verified {repo}/{file}; it was left alone. Pass --force to replace it with the verified download.");
        }

        var partial = target + ".partial";
        var resumed = false;
        for (var attempt = 0; ; attempt++)
        {
            try
            {
                resumed |= await TransferAsync(transfer, fileUrl, partial, expected.Size, progress, cancellationToken);
                break;
            }
            catch (IOException error) when (DiskSpace.IsFull(error))
            {
                // Retrying cannot help until the user frees space; the partial file is kept so the next pull resumes.
                var have = PartialFile.ExistingLength(partial);
                var of = expected.Size is { } total ? $" of {total}" : string.Empty;
                logger.LogError("No space left on the device for {File} after {Bytes} bytes", partial, have);
                throw new ModelDownloadException(
                    $"No space left on the device for {Path.GetFileName(partial)} after {have}{of} bytes; free space in {Path.GetDirectoryName(partial)} and run the pull again to resume.", error);
            }
            catch (Exception error) when (error is IOException or HttpRequestException && !cancellationToken.IsCancellationRequested)
            {
                var have = PartialFile.ExistingLength(partial);
                if (attempt >= options.MaxResumeAttempts)
                {
                    throw new ModelDownloadException(
                        $"The download of {repo}/{file} broke after {have} bytes ({error.Message}); run the pull again to resume from {Path.GetFileName(partial)}.", error);
                }

                logger.LogWarning("The download of {File} broke after {Bytes} bytes; resuming.", file, have);
                resumed = true;
            }
        }

        var actual = await HashFileAsync(partial, cancellationToken);
        var size = new FileInfo(partial).Length;
        if (expected.Sha256 is not null && actual != expected.Sha256)
        {
            File.Delete(partial);
            throw new ModelDownloadException($"The SHA-256 of {repo}/{file} is {actual}, but the hub lists {expected.Sha256}; the download was deleted.");
        }

        File.Move(partial, target, overwrite: true);
        logger.LogInformation("Downloaded {File} ({Bytes} bytes, SHA-256 {Hash}).", target, size, actual);
        return new DownloadResult(target, actual, size, AlreadyPresent: false, Resumed: resumed);
    }

    /// <summary>Appends the rest of the file to <paramref name="partial"/>; returns true when it continued existing bytes.
    /// It never writes past the announced size and counts a stall longer than the idle timeout as a broken transfer.</summary>
    private static async Task<bool> TransferAsync(Transfer transfer, Uri fileUrl, string partial, long? expectedSize, IProgress<DownloadProgress>? progress, CancellationToken cancellationToken)
    {
        var have = PartialFile.ExistingLength(partial);
        if (expectedSize is { } size && have == size)
        {
            return true;
        }

        if (expectedSize is { } total && have > total)
        {
            File.Delete(partial);
            have = 0;
        }

        using var response = await transfer.SendFollowingRedirectsAsync(HttpMethod.Get, fileUrl, have > 0 ? have : null, cancellationToken);
        var append = have > 0 && response.StatusCode == HttpStatusCode.PartialContent;
        if (have > 0 && response.StatusCode == HttpStatusCode.RequestedRangeNotSatisfiable)
        {
            // The partial file does not fit the server's file (it changed): start again.
            File.Delete(partial);
            throw new IOException("the server rejected the resume range");
        }

        var shown = DisplayUrl.Redact(fileUrl);
        if (!response.IsSuccessStatusCode)
        {
            throw new ModelDownloadException($"{shown} answered {(int)response.StatusCode} {response.StatusCode}.");
        }

        if (append && response.Content.Headers.ContentRange?.From is { } from && from != have)
        {
            throw new ModelDownloadException($"{shown} resumed at byte {from} instead of {have}.");
        }

        var startAt = append ? have : 0;
        var totalBytes = expectedSize ?? (append ? response.Content.Headers.ContentRange?.Length : response.Content.Headers.ContentLength)
            ?? throw new ModelDownloadException($"{shown} announces no size for the file; refusing a download that could fill the disk.");
        await using var output = PartialFile.Open(partial, append);
        await using var input = await response.Content.ReadAsStreamAsync(cancellationToken);
        var buffer = new byte[1 << 16];
        var done = startAt;
        var reported = done;
        progress?.Report(new DownloadProgress(done, totalBytes, startAt));
        int read;
        while ((read = await transfer.ReadWithIdleTimeoutAsync(input, buffer, cancellationToken)) > 0)
        {
            if (done + read > totalBytes)
            {
                // Only the announced bytes are kept; the hash check of the next step then decides about them.
                await output.WriteAsync(buffer.AsMemory(0, (int)(totalBytes - done)), cancellationToken);
                throw new ModelDownloadException($"{shown} sent more than the announced {totalBytes} bytes; the transfer was stopped there.");
            }

            await output.WriteAsync(buffer.AsMemory(0, read), cancellationToken);
            done += read;
            if (done - reported >= ProgressStepBytes)
            {
                // Flush what was reported, so that a crash keeps at least the bytes the user saw counted.
                await output.FlushAsync(cancellationToken);
                progress?.Report(new DownloadProgress(done, totalBytes, startAt));
                reported = done;
            }
        }

        await output.FlushAsync(cancellationToken);
        if (done != totalBytes)
        {
            throw new IOException($"the transfer ended at {done} of {totalBytes} bytes");
        }

        progress?.Report(new DownloadProgress(done, totalBytes, startAt));
        return append;
    }

    private sealed record ExpectedFile(string? Sha256, long? Size);

    /// <summary>The hash from (in order) the caller, the hub's X-Linked-ETag header of the LFS file, or its tree API.</summary>
    private static async Task<ExpectedFile> ResolveExpectedHashAsync(Transfer transfer, Uri fileUrl, string repo, string file, DownloadOptions options, CancellationToken cancellationToken)
    {
        if (options.ExpectedSha256 is { Length: > 0 } given)
        {
            return new ExpectedFile(given.ToLowerInvariant(), null);
        }

        long? size = null;
        var hub = DisplayUrl.Redact(options.BaseUrl);
        using (var head = await transfer.SendAsync(HttpMethod.Head, fileUrl, null, cancellationToken))
        {
            if (head.StatusCode is HttpStatusCode.NotFound)
            {
                throw new ModelDownloadException($"{hub} has no file {file} in {repo} (revision {options.Revision}).");
            }

            if (head.StatusCode is HttpStatusCode.Unauthorized or HttpStatusCode.Forbidden)
            {
                throw new ModelDownloadException($"{hub} refused {repo}/{file} ({(int)head.StatusCode}): the repository may be gated; set HF_TOKEN (Hugging Face) or GLM_LSP_HUB_TOKEN (another hub).");
            }

            size = ReadLong(head, "X-Linked-Size") ?? (head.IsSuccessStatusCode ? head.Content.Headers.ContentLength : null);
            if (Sha256FromETag(ReadHeader(head, "X-Linked-ETag")) is { } linked)
            {
                return new ExpectedFile(linked, size);
            }

            if (head.IsSuccessStatusCode && Sha256FromETag(head.Headers.ETag?.Tag) is { } etag)
            {
                return new ExpectedFile(etag, size);
            }
        }

        var directory = Path.GetDirectoryName(file.Replace('\\', '/'))?.Replace('\\', '/');
        var treeUrl = new Uri($"{options.BaseUrl.ToString().TrimEnd('/')}/api/models/{EscapePath(repo)}/tree/{Uri.EscapeDataString(options.Revision)}{(string.IsNullOrEmpty(directory) ? string.Empty : "/" + EscapePath(directory))}");
        using var tree = await transfer.SendFollowingRedirectsAsync(HttpMethod.Get, treeUrl, null, cancellationToken);
        if (!tree.IsSuccessStatusCode)
        {
            return new ExpectedFile(null, size);
        }

        try
        {
            using var document = JsonDocument.Parse(await tree.Content.ReadAsStringAsync(cancellationToken));
            foreach (var entry in document.RootElement.EnumerateArray())
            {
                if (entry.TryGetProperty("path", out var path) && path.GetString() == file
                    && entry.TryGetProperty("lfs", out var lfs) && lfs.ValueKind == JsonValueKind.Object
                    && lfs.TryGetProperty("oid", out var oid) && oid.GetString() is { Length: 64 } hash)
                {
                    var lfsSize = lfs.TryGetProperty("size", out var sizeElement) && sizeElement.TryGetInt64(out var value) ? value : size;
                    return new ExpectedFile(hash.ToLowerInvariant(), lfsSize);
                }
            }
        }
        catch (Exception error) when (error is JsonException or InvalidOperationException)
        {
            // Not a Hugging Face tree listing: the hash stays unknown.
        }

        return new ExpectedFile(null, size);
    }

    /// <summary>The HTTP side of one pull: the token rules of <see cref="HubAccess"/>, redirects by hand and the idle timeout.</summary>
    private sealed class Transfer(HttpClient client, string? token, DownloadOptions options)
    {
        public async Task<HttpResponseMessage> SendFollowingRedirectsAsync(HttpMethod method, Uri url, long? rangeFrom, CancellationToken cancellationToken)
        {
            var current = url;
            for (var hop = 0; ; hop++)
            {
                var response = await SendAsync(method, current, rangeFrom, cancellationToken, withToken: SameAuthority(current, url));
                if ((int)response.StatusCode is not (301 or 302 or 303 or 307 or 308) || response.Headers.Location is null)
                {
                    return response;
                }

                if (hop >= MaxRedirects)
                {
                    response.Dispose();
                    throw new ModelDownloadException($"{DisplayUrl.Redact(url)} redirected more than {MaxRedirects} times.");
                }

                current = new Uri(current, response.Headers.Location);
                response.Dispose();
                HubAccess.CheckTransport(current, options.AllowInsecureHttp);
            }
        }

        public async Task<HttpResponseMessage> SendAsync(HttpMethod method, Uri url, long? rangeFrom, CancellationToken cancellationToken, bool withToken = true)
        {
            using var request = new HttpRequestMessage(method, url);
            if (withToken && token is not null && HubAccess.MayCarryToken(url))
            {
                request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
            }

            if (rangeFrom is { } from)
            {
                request.Headers.Range = new RangeHeaderValue(from, null);
            }

            using var idle = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            idle.CancelAfter(options.IdleTimeout);
            try
            {
                return await client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, idle.Token);
            }
            catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
                throw new IOException($"{DisplayUrl.Redact(url)} did not answer within {options.IdleTimeout.TotalSeconds:0.###} s");
            }
        }

        public async Task<int> ReadWithIdleTimeoutAsync(Stream input, byte[] buffer, CancellationToken cancellationToken)
        {
            using var idle = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            idle.CancelAfter(options.IdleTimeout);
            try
            {
                return await input.ReadAsync(buffer, idle.Token);
            }
            catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
                throw new IOException($"no data for {options.IdleTimeout.TotalSeconds:0.###} s");
            }
        }
    }

    private static bool SameAuthority(Uri a, Uri b) => string.Equals(a.GetLeftPart(UriPartial.Authority), b.GetLeftPart(UriPartial.Authority), StringComparison.OrdinalIgnoreCase);

    private static string? ReadHeader(HttpResponseMessage response, string name) =>
        response.Headers.TryGetValues(name, out var values) ? values.FirstOrDefault() : null;

    private static long? ReadLong(HttpResponseMessage response, string name) =>
        long.TryParse(ReadHeader(response, name), out var value) ? value : null;

    /// <summary>Hugging Face sends the LFS file's SHA-256 as a quoted (sometimes weak) ETag; a git blob ETag (40 hex) is not one.</summary>
    private static string? Sha256FromETag(string? etag)
    {
        if (etag is null)
        {
            return null;
        }

        var value = etag.StartsWith("W/", StringComparison.Ordinal) ? etag[2..] : etag;
        value = value.Trim('"');
        return value.Length == 64 && value.All(Uri.IsHexDigit) ? value.ToLowerInvariant() : null;
    }

    private static async Task<string> HashFileAsync(string path, CancellationToken cancellationToken)
    {
        await using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16, useAsync: true);
        return Convert.ToHexStringLower(await SHA256.HashDataAsync(stream, cancellationToken));
    }

    private static string EscapePath(string path) => string.Join('/', path.Split('/').Select(Uri.EscapeDataString));
}
