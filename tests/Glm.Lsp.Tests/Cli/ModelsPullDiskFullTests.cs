namespace Glm.Lsp.Tests.Cli;

/// <summary>
/// <c>models pull</c> onto a full disk (issue #7): a real 256 KiB tmpfs mounted in a user and mount namespace
/// (<c>unshare -r -m</c>), so the write fails with ENOSPC exactly as on a full drive.
/// </summary>
[Trait("Speed", "Slow")]
public sealed class ModelsPullDiskFullTests : IDisposable
{
    private const string Repo = "THUDM/glm-4-9b-chat-gguf";
    private const string FileName = "glm-4-9b-chat-Q4_0.gguf";
    private const string Unshare = "/usr/bin/unshare";
    private readonly string output = Directory.CreateTempSubdirectory("glm-lsp-full-").FullName;

    public void Dispose() => Directory.Delete(output, recursive: true);

    [Fact]
    public async Task A_pull_onto_a_full_disk_fails_in_one_line_keeps_the_partial_file_and_leaves_no_final_file()
    {
        Assert.True(File.Exists(Unshare), "The disk-full test needs util-linux's unshare (apt-get install util-linux).");
        await using var hub = await FakeHub.StartAsync(1 << 20);

        // The tmpfs exists only inside the namespace, so the shell lists what is left there after glm-lsp exits.
        const string Script = "mount -t tmpfs -o size=256k tmpfs \"$0\" || exit 90; \"$@\"; code=$?; ls -A \"$0\" | sed 's/^/left: /'; exit $code";
        var result = await GlmLspProcess.RunWrappedAsync(
            [Unshare, "--map-root-user", "--mount", "sh", "-c", Script, output],
            new Dictionary<string, string?>(),
            "models", "pull", Repo, FileName, "--hub", hub.BaseUrl.ToString(), "--out", output);

        Assert.Equal(1, result.ExitCode);
        Assert.Equal($"left: {FileName}.partial\n", result.Stdout);
        Assert.EndsWith(
            $"glm-lsp: No space left on the device for {FileName}.partial after 262144 of {1 << 20} bytes; free space in {output} and run the pull again to resume.\n",
            result.Stderr,
            StringComparison.Ordinal);
        Assert.Equal(2, hub.Requests.Count(r => r.StartsWith("GET ", StringComparison.Ordinal)));
    }
}
