using Glm.Inference.Models;
using Glm.Remote.Tests.Support;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

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

    [Theory]
    [InlineData("../evil.gguf")]
    [InlineData("a/../../evil.gguf")]
    [InlineData("..\\..\\evil.gguf")]
    [InlineData("C:evil.gguf")]
    [InlineData("x.gguf?download=1")]
    [InlineData("x.gguf#frag")]
    public async Task Files_that_are_not_plain_relative_names_are_refused(string file)
    {
        var error = await Assert.ThrowsAsync<ArgumentException>(() => ModelDownloader.PullAsync(Repo, file, new DownloadOptions { TargetDirectory = folder }, environment: _ => null));

        Assert.Equal($"The file '{file}' must be a relative path inside the repository: '/'-separated names of letters, digits, '.', '_' and '-' (no '..'). (Parameter 'file')", error.Message);
    }

    [Theory]
    [InlineData("o/r?q=")]
    [InlineData("o/r#frag")]
    [InlineData("a\\..\\..\\pwn/x")]
    [InlineData("../x")]
    [InlineData("o/r/extra")]
    public async Task Repositories_other_than_owner_slash_name_are_refused(string repo)
    {
        var error = await Assert.ThrowsAsync<ArgumentException>(() => ModelDownloader.PullAsync(repo, FileName, new DownloadOptions { TargetDirectory = folder }, environment: _ => null));

        Assert.Equal($"The repository '{repo}' must look like owner/name, each part made of letters, digits, '.', '_' and '-' (no '..'). (Parameter 'repo')", error.Message);
    }

    [Theory]
    [InlineData("..")]
    [InlineData("main?x=1")]
    [InlineData("refs/pr/1")]
    public async Task Revisions_that_could_name_another_resource_are_refused(string revision)
    {
        var error = await Assert.ThrowsAsync<ArgumentException>(() =>
            ModelDownloader.PullAsync(Repo, FileName, new DownloadOptions { TargetDirectory = folder, Revision = revision }, environment: _ => null));

        Assert.Equal($"The revision '{revision}' must be a branch, tag or commit made of letters, digits, '.', '_' and '-' (no '..'). (Parameter 'revision')", error.Message);
    }

    [Fact]
    public void A_target_path_outside_its_root_is_refused()
    {
        var error = Assert.Throws<ArgumentException>(() => DownloadNames.PathUnder(folder, ["..", "evil.gguf"]));

        Assert.StartsWith("The download target '", error.Message, StringComparison.Ordinal);
        Assert.Equal(Path.Combine(folder, "a", "b.gguf"), DownloadNames.PathUnder(folder, ["a", "b.gguf"]));
    }

    [Fact]
    public async Task Hf_token_goes_only_to_hugging_face_and_a_mirror_gets_its_own_token()
    {
        await using var hub = await FakeHub.StartAsync(1_000);
        var environment = new Dictionary<string, string> { ["HF_TOKEN"] = "hf_secret" };

        await ModelDownloader.PullAsync(Repo, FileName, Options(hub), environment: name => environment.GetValueOrDefault(name));
        Assert.All(hub.Authorizations, header => Assert.Equal("", header));

        File.Delete(Target);
        environment["GLM_LSP_HUB_TOKEN"] = "mirror_secret";
        while (hub.Authorizations.TryDequeue(out _))
        {
        }

        await ModelDownloader.PullAsync(Repo, FileName, Options(hub), environment: name => environment.GetValueOrDefault(name));
        Assert.Contains("Bearer mirror_secret", hub.Authorizations);
        Assert.DoesNotContain("Bearer hf_secret", hub.Authorizations);
        Assert.Equal("HF_TOKEN", HubAccess.TokenFor(new Uri("https://huggingface.co"), null, name => name));
        Assert.Equal("GLM_LSP_HUB_TOKEN", HubAccess.TokenFor(new Uri("http://huggingface.co"), null, name => name));
    }

    [Fact]
    public async Task Plain_http_to_a_hub_that_is_not_this_machine_is_refused_unless_allowed()
    {
        var error = await Assert.ThrowsAsync<ModelDownloadException>(() => ModelDownloader.PullAsync(
            Repo, FileName, new DownloadOptions { BaseUrl = new Uri("http://hub.example.invalid"), TargetDirectory = folder }, environment: _ => "hf_secret"));

        Assert.Equal(
            "Refusing plain http to hub.example.invalid: the model could be altered on the way and a token would be readable. Use an https:// hub, or pass --allow-insecure-http if this network is trusted.",
            error.Message);
        Assert.False(HubAccess.MayCarryToken(new Uri("http://hub.example.invalid/x")));
        Assert.True(HubAccess.MayCarryToken(new Uri("http://127.0.0.1:1/x")));
    }

    [Fact]
    public async Task Writing_stops_at_the_announced_size()
    {
        var body = new byte[3 << 20];
        await using var server = await LocalHttpServer.StartAsync(app =>
            app.MapMethods($"/{Repo}/resolve/main/{FileName}", ["GET", "HEAD"], async context =>
            {
                context.Response.Headers["X-Linked-ETag"] = $"\"{new string('a', 64)}\"";
                context.Response.Headers["X-Linked-Size"] = "64";
                if (HttpMethods.IsGet(context.Request.Method))
                {
                    await context.Response.Body.WriteAsync(body);
                }
            }));

        var error = await Assert.ThrowsAsync<ModelDownloadException>(() =>
            ModelDownloader.PullAsync(Repo, FileName, new DownloadOptions { BaseUrl = server.BaseUrl, TargetDirectory = folder }, environment: _ => null));

        Assert.Equal($"{server.BaseUrl}{Repo}/resolve/main/{FileName} sent more than the announced 64 bytes; the transfer was stopped there.", error.Message);
        Assert.Equal(64, new FileInfo(Target + ".partial").Length);
    }

    [Fact]
    public async Task A_stalled_transfer_ends_after_the_idle_timeout()
    {
        await using var server = await LocalHttpServer.StartAsync(app =>
            app.MapMethods($"/{Repo}/resolve/main/{FileName}", ["GET", "HEAD"], async context =>
            {
                context.Response.Headers["X-Linked-ETag"] = $"\"{new string('a', 64)}\"";
                context.Response.Headers["X-Linked-Size"] = "1000";
                if (HttpMethods.IsGet(context.Request.Method))
                {
                    await context.Response.Body.WriteAsync(new byte[10]);
                    await context.Response.Body.FlushAsync();
                    await Task.Delay(Timeout.Infinite, context.RequestAborted).ContinueWith(_ => { }, TaskScheduler.Default);
                }
            }));

        var error = await Assert.ThrowsAsync<ModelDownloadException>(() => ModelDownloader.PullAsync(
            Repo, FileName, new DownloadOptions { BaseUrl = server.BaseUrl, TargetDirectory = folder, IdleTimeout = TimeSpan.FromMilliseconds(300), MaxResumeAttempts = 0 }, environment: _ => null));

        Assert.Equal($"The download of {Repo}/{FileName} broke after 10 bytes (no data for 0.3 s); run the pull again to resume from {FileName}.partial.", error.Message);
    }

    [Fact]
    public async Task A_partial_file_that_is_a_symbolic_link_is_refused_and_its_target_untouched()
    {
        await using var hub = await FakeHub.StartAsync(1_000);
        var victim = Path.Combine(folder, "victim.txt");
        await File.WriteAllTextAsync(victim, "keep me");
        File.CreateSymbolicLink(Target + ".partial", victim);

        var error = await Assert.ThrowsAsync<ModelDownloadException>(() => ModelDownloader.PullAsync(Repo, FileName, Options(hub), environment: _ => null));

        Assert.Equal($"{Target}.partial is a symbolic link; refusing to write the download through it. Remove it and pull again.", error.Message);
        Assert.Equal("keep me", await File.ReadAllTextAsync(victim));
    }

    [Fact]
    public async Task An_existing_different_file_is_replaced_only_with_force()
    {
        await using var hub = await FakeHub.StartAsync(1_000);
        await File.WriteAllTextAsync(Target, "my own notes");

        var error = await Assert.ThrowsAsync<ModelDownloadException>(() => ModelDownloader.PullAsync(Repo, FileName, Options(hub), environment: _ => null));
        Assert.Equal($"{Target} already exists and is not the verified {Repo}/{FileName}; it was left alone. Pass --force to replace it with the verified download.", error.Message);
        Assert.Equal("my own notes", await File.ReadAllTextAsync(Target));

        var options = Options(hub);
        var result = await ModelDownloader.PullAsync(Repo, FileName, new DownloadOptions { BaseUrl = options.BaseUrl, TargetDirectory = folder, Overwrite = true }, environment: _ => null);
        Assert.Equal(hub.Data, await File.ReadAllBytesAsync(Target));
        Assert.False(result.AlreadyPresent);
    }

    private DownloadOptions Options(FakeHub hub, int maxResumeAttempts = 3) =>
        new() { BaseUrl = hub.BaseUrl, TargetDirectory = folder, MaxResumeAttempts = maxResumeAttempts };

    /// <summary>Reports synchronously (Progress&lt;T&gt; would post to the thread pool and race the assertions).</summary>
    private sealed class SyncProgress(Action<DownloadProgress> report) : IProgress<DownloadProgress>
    {
        public void Report(DownloadProgress value) => report(value);
    }
}
