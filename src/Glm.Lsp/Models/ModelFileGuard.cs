using Microsoft.Win32.SafeHandles;

namespace Glm.Lsp.Models;

/// <summary>What happened to a loaded model's file since it was loaded.</summary>
public enum ModelFileChange
{
    /// <summary>The path still names the loaded file, and its size and modification time are those seen at load.</summary>
    Unchanged,

    /// <summary>The file was unlinked and nothing took its place: the loaded copy (mapped, old inode) stays valid.</summary>
    Deleted,

    /// <summary>Another file took the path (rename over, delete and copy): the loaded copy stays valid until swapped.</summary>
    Replaced,

    /// <summary>The loaded file itself was truncated or written to: its memory mapping can no longer be trusted.</summary>
    ChangedInPlace,
}

/// <summary>
/// Watches the file a model was loaded from. llama.cpp maps the GGUF into memory, so unlinking or renaming over it is
/// harmless (the mapping keeps the old inode), but truncating or overwriting the same inode changes the pages under the
/// model, and reading a page past the new end of the file kills the process with SIGBUS. The guard holds its own
/// read-only handle on the inode it loaded, so one cheap check (two fstat calls and a readlink) before each generation
/// tells the three cases apart without any native call.
/// </summary>
public sealed class ModelFileGuard : IDisposable
{
    private const string DeletedMarker = " (deleted)";

    private readonly SafeFileHandle handle;
    private readonly long length;
    private readonly DateTime lastWrite;

    private ModelFileGuard(string path, SafeFileHandle handle)
    {
        Path = path;
        this.handle = handle;
        length = RandomAccess.GetLength(handle);
        lastWrite = File.GetLastWriteTimeUtc(handle);
    }

    /// <summary>The path as configured.</summary>
    public string Path { get; }

    /// <summary>Opens the file the model is about to be loaded from; null when it cannot be opened (the load then fails on its own).</summary>
    public static ModelFileGuard? TryOpen(string path)
    {
        try
        {
            // Delete and write sharing: the guard must never stop the user from replacing or editing the model.
            return new ModelFileGuard(path, File.OpenHandle(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete));
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }

    /// <summary>Compares the loaded inode and the path with what they were at load.</summary>
    public ModelFileChange Check()
    {
        if (RandomAccess.GetLength(handle) != length || File.GetLastWriteTimeUtc(handle) != lastWrite)
        {
            return ModelFileChange.ChangedInPlace;
        }

        var unlinked = IsUnlinked();
        if (!File.Exists(Path))
        {
            return ModelFileChange.Deleted;
        }

        if (unlinked)
        {
            return ModelFileChange.Replaced;
        }

        // Where the kernel cannot say whether the inode is still linked (no /proc), or the path is a symlink that now
        // points elsewhere, a path whose size or time differs from the loaded file's is another file.
        var current = new FileInfo(Path);
        return current.Length != length || current.LastWriteTimeUtc != lastWrite ? ModelFileChange.Replaced : ModelFileChange.Unchanged;
    }

    /// <summary>Linux names an open file whose last link is gone "&lt;path&gt; (deleted)" under /proc/self/fd.</summary>
    private bool IsUnlinked()
    {
        if (!OperatingSystem.IsLinux())
        {
            return false;
        }

        try
        {
            var target = new FileInfo($"/proc/self/fd/{handle.DangerousGetHandle()}").LinkTarget;
            return target is not null && target.EndsWith(DeletedMarker, StringComparison.Ordinal);
        }
        catch (IOException)
        {
            return false;
        }
    }

    public void Dispose() => handle.Dispose();
}
