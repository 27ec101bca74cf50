using Glm.Inference.Models;
using Glm.Remote.Tests.Support;

namespace Glm.Remote.Tests.ModelStore;

public sealed class ModelDownloaderTests : IDisposable
{
    private const string Repo = "THUDM/glm-4-9b-chat-gguf";
    private const string FileName = "glm-4-9b-chat-Q4_0.gguf";
    private readonly string folder = Directory.CreateTempSubdirectory("glm-pull-").FullName;

    public void Dispose() => Directory.Delete(folder, recursive: true);

    private string Target => Path.Combine(folder, FileName);

    [Fact]
    public async Task Pull_checks_the_linked_etag_hash_and_moves_the_file_into_place()
    {
        await using var hub = await FakeHub.StartAsync(300_000);
        var reports = new List<DownloadProgress>();

        var result = await ModelDownloader.PullAsync(Repo, FileName, Options(hub), new SyncProgress(reports.Add), environment: _ => null);

        Assert.Equal(new DownloadResult(Target, hub.Sha256, 300_000, AlreadyPresent: false, Resumed: false), result);
        Assert.Equal(hub.Data, await File.ReadAllBytesAsync(Target));
        Assert.False(File.Exists(Target + ".partial"));
        Assert.Equal(new DownloadProgress(300_000, 300_000, 0), reports[^1]);
        Assert.Equal(
            [$"HEAD /{Repo}/resolve/main/{FileName}", $"GET /{Repo}/resolve/main/{FileName}", "GET /cdn/blob"],
            hub.Requests.ToArray());
    }

    [Fact]
    public async Task An_interrupted_transfer_keeps_the_partial_file_and_the_next_pull_resumes_with_a_range_request()
    {
        await using var hub = await FakeHub.StartAsync(200_000);
        hub.AbortNextGets(1);

        var error = await Assert.ThrowsAsync<ModelDownloadException>(() =>
            ModelDownloader.PullAsync(Repo, FileName, Options(hub, maxResumeAttempts: 0), environment: _ => null));
        var partialLength = new FileInfo(Target + ".partial").Length;
        var result = await ModelDownloader.PullAsync(Repo, FileName, Options(hub), environment: _ => null);

        Assert.Equal(100_000, partialLength);
        Assert.StartsWith($"The download of {Repo}/{FileName} broke after 100000 bytes (", error.Message, StringComparison.Ordinal);
        Assert.EndsWith($"); run the pull again to resume from {FileName}.partial.", error.Message, StringComparison.Ordinal);
        Assert.False(File.Exists(Target + ".partial"));
        Assert.True(result.Resumed);
        Assert.Equal(hub.Data, await File.ReadAllBytesAsync(Target));
        Assert.Equal("GET /cdn/blob bytes=100000-", hub.Requests.Last());
    }

    [Fact]
    public async Task A_broken_transfer_is_resumed_within_the_same_pull()
    {
        await using var hub = await FakeHub.StartAsync(200_000);
        hub.AbortNextGets(2);

        var result = await ModelDownloader.PullAsync(Repo, FileName, Options(hub), environment: _ => null);

        Assert.True(result.Resumed);
        Assert.Equal(hub.Data, await File.ReadAllBytesAsync(Target));
        Assert.Equal(["GET /cdn/blob", "GET /cdn/blob bytes=100000-", "GET /cdn/blob bytes=150000-"], hub.Requests.Where(line => line.StartsWith("GET /cdn", StringComparison.Ordinal)));
    }

    [Fact]
    public async Task A_wrong_hash_from_the_tree_api_is_rejected_and_leaves_no_file()
    {
        await using var hub = await FakeHub.StartAsync(50_000, linkedETag: false);
        hub.TreeOid = new string('a', 64);

        var error = await Assert.ThrowsAsync<ModelDownloadException>(() => ModelDownloader.PullAsync(Repo, FileName, Options(hub), environment: _ => null));

        Assert.Equal($"The SHA-256 of {Repo}/{FileName} is {hub.Sha256}, but the hub lists {new string('a', 64)}; the download was deleted.", error.Message);
        Assert.False(File.Exists(Target));
        Assert.False(File.Exists(Target + ".partial"));
        Assert.Contains($"GET /api/models/{Repo}/tree/main", hub.Requests);
    }

    [Fact]
    public async Task A_verified_copy_already_there_is_not_downloaded_again()
    {
        await using var hub = await FakeHub.StartAsync(10_000, linkedETag: false);
        await File.WriteAllBytesAsync(Target, hub.Data);

        var result = await ModelDownloader.PullAsync(Repo, FileName, Options(hub), environment: _ => null);

        Assert.True(result.AlreadyPresent);
        Assert.DoesNotContain(hub.Requests, line => line.StartsWith("GET /" + Repo + "/resolve", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_missing_file_is_reported_with_the_repository()
    {
        await using var hub = await FakeHub.StartAsync(10);

        var error = await Assert.ThrowsAsync<ModelDownloadException>(() => ModelDownloader.PullAsync(Repo, "nope.gguf", Options(hub), environment: _ => null));

        Assert.Equal($"{hub.BaseUrl} has no file nope.gguf in {Repo} (revision main).", error.Message);
    }

    [Fact]
    public async Task Paths_that_leave_the_target_folder_are_refused()
    {
        var error = await Assert.ThrowsAsync<ArgumentException>(() => ModelDownloader.PullAsync(Repo, "../evil.gguf", new DownloadOptions { TargetDirectory = folder }, environment: _ => null));

        Assert.Equal("The file '../evil.gguf' must be a relative path inside the repository. (Parameter 'file')", error.Message);
    }

    private DownloadOptions Options(FakeHub hub, int maxResumeAttempts = 3) =>
        new() { BaseUrl = hub.BaseUrl, TargetDirectory = folder, MaxResumeAttempts = maxResumeAttempts };

    /// <summary>Reports synchronously (Progress&lt;T&gt; would post to the thread pool and race the assertions).</summary>
    private sealed class SyncProgress(Action<DownloadProgress> report) : IProgress<DownloadProgress>
    {
        public void Report(DownloadProgress value) => report(value);
    }
}
