using Glm.TestModels;

namespace Glm.Inference.Tests.TestModels;

public sealed class TestModelCacheTests : IDisposable
{
    private readonly string directory = Path.Combine(Path.GetTempPath(), "glm-lsp-cache-test-" + Guid.NewGuid().ToString("N"));

    [Fact]
    public async Task Concurrent_requests_for_the_same_model_build_it_once_and_all_get_the_finished_file()
    {
        var builds = 0;
        void Build(string path)
        {
            Interlocked.Increment(ref builds);
            Thread.Sleep(300);
            File.WriteAllText(path, "model");
        }

        var paths = await Task.WhenAll(Enumerable.Range(0, 4).Select(_ => Task.Run(() => TestModelCache.GetOrCreate(directory, "m", "key", Build))));

        Assert.Equal(1, builds);
        Assert.Single(paths.Distinct());
        Assert.Equal("model", File.ReadAllText(paths[0]));
        Assert.Equal([Path.GetFileName(paths[0]), Path.GetFileName(paths[0]) + ".lock"], Directory.GetFiles(directory).Select(Path.GetFileName).Order());
        Assert.Matches("^m-[0-9a-f]{16}\\.gguf$", Path.GetFileName(paths[0]));
    }

    [Fact]
    public void A_different_content_key_is_a_different_file()
    {
        var first = TestModelCache.GetOrCreate(directory, "m", "one", path => File.WriteAllText(path, "1"));
        var second = TestModelCache.GetOrCreate(directory, "m", "two", path => File.WriteAllText(path, "2"));

        Assert.NotEqual(first, second);
        Assert.Equal("2", File.ReadAllText(second));
    }

    [Fact]
    public void A_failed_build_leaves_nothing_behind_and_the_next_request_builds_again()
    {
        Assert.Throws<InvalidOperationException>(() => TestModelCache.GetOrCreate(directory, "m", "k", path =>
        {
            File.WriteAllText(path, "half");
            throw new InvalidOperationException("boom");
        }));

        Assert.Equal([".lock"], Directory.GetFiles(directory).Select(f => Path.GetExtension(f)));
        var path = TestModelCache.GetOrCreate(directory, "m", "k", p => File.WriteAllText(p, "whole"));
        Assert.Equal("whole", File.ReadAllText(path));
    }

    [Fact]
    public void The_default_directory_is_artifacts_test_models_of_the_repository()
    {
        // GLM_LSP_ARTIFACTS moves the cache (CI may set it); otherwise it lives in the repository's artifacts folder.
        var configured = Environment.GetEnvironmentVariable(TestModelCache.ArtifactsVariable);
        var expected = string.IsNullOrWhiteSpace(configured)
            ? Path.Combine(RepositoryRoot(), "artifacts", "test-models")
            : Path.Combine(configured, "test-models");
        Assert.Equal(expected, TestModelCache.Directory);
        Assert.StartsWith(TestModelCache.Directory, TestModelFiles.Predictable(), StringComparison.Ordinal);
    }

    public void Dispose()
    {
        if (Directory.Exists(directory))
        {
            Directory.Delete(directory, recursive: true);
        }
    }

    private static string RepositoryRoot()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (!File.Exists(Path.Combine(dir!.FullName, "GlmLsp.sln")))
        {
            dir = dir.Parent;
        }

        return dir.FullName;
    }
}
