using System.Security.Cryptography;
using System.Text;

namespace Glm.TestModels;

/// <summary>
/// Generated test models, built once per machine under <c>&lt;repo&gt;/artifacts/test-models/</c> (or
/// <c>$GLM_LSP_ARTIFACTS/test-models/</c>) and named by a hash of what they contain. Several test processes may ask for
/// the same model at once: a lock file serialises the builders and the finished file appears by an atomic rename, so a
/// reader never sees half a model.
/// </summary>
public static class TestModelCache
{
    public const string ArtifactsVariable = "GLM_LSP_ARTIFACTS";

    private static readonly TimeSpan LockTimeout = TimeSpan.FromMinutes(15);

    /// <summary>The directory the models live in.</summary>
    public static string Directory => Path.Combine(ArtifactsRoot(), "test-models");

    /// <summary>
    /// Returns the cached file for (<paramref name="name"/>, <paramref name="contentKey"/>), building it first with
    /// <paramref name="build"/> if needed. <paramref name="build"/> receives a temporary path to write the file to.
    /// </summary>
    public static string GetOrCreate(string name, string contentKey, Action<string> build) =>
        GetOrCreate(Directory, name, contentKey, build);

    /// <summary>The same in an explicit directory (tests use a temporary one).</summary>
    internal static string GetOrCreate(string directory, string name, string contentKey, Action<string> build)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        ArgumentNullException.ThrowIfNull(build);
        System.IO.Directory.CreateDirectory(directory);
        var path = Path.Combine(directory, $"{name}-{Hash(name, contentKey)}.gguf");
        if (File.Exists(path))
        {
            return path;
        }

        using var gate = AcquireLock(path + ".lock");

        // Another process may have finished the file while this one waited for the lock.
        if (File.Exists(path))
        {
            return path;
        }

        var temporary = $"{path}.{Environment.ProcessId}.{Guid.NewGuid():N}.partial";
        try
        {
            build(temporary);
            File.Move(temporary, path, overwrite: false);
        }
        finally
        {
            File.Delete(temporary);
        }

        return path;
    }

    private static string Hash(string name, string contentKey)
    {
        var digest = SHA256.HashData(Encoding.UTF8.GetBytes(name + "\n" + contentKey));
        return Convert.ToHexStringLower(digest.AsSpan(0, 8));
    }

    private static FileStream AcquireLock(string lockPath)
    {
        var deadline = DateTime.UtcNow + LockTimeout;
        while (true)
        {
            try
            {
                // FileShare.None makes the open fail while any other process or thread holds the file. The lock file
                // is left in place: deleting it on close would let two waiters lock two different files.
                return new FileStream(lockPath, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None, 1, FileOptions.None);
            }
            catch (IOException) when (DateTime.UtcNow < deadline)
            {
                Thread.Sleep(100);
            }
        }
    }

    private static string ArtifactsRoot()
    {
        var configured = Environment.GetEnvironmentVariable(ArtifactsVariable);
        if (!string.IsNullOrWhiteSpace(configured))
        {
            return configured;
        }

        foreach (var start in new[] { AppContext.BaseDirectory, Environment.CurrentDirectory })
        {
            for (var dir = new DirectoryInfo(start); dir is not null; dir = dir.Parent)
            {
                if (File.Exists(Path.Combine(dir.FullName, "GlmLsp.sln")))
                {
                    return Path.Combine(dir.FullName, "artifacts");
                }
            }
        }

        // Outside the repository (an installed server running its demo), a per-user temporary folder serves.
        return Path.Combine(Path.GetTempPath(), "glm-lsp-artifacts");
    }
}
