namespace Glm.Inference.Models;

/// <summary>
/// Opens the <c>.partial</c> file of a download without following a link planted in its place: a new file is created
/// exclusively (O_CREAT|O_EXCL, which never follows a link), an existing one must be a plain regular file.
/// </summary>
internal static class PartialFile
{
    public static long ExistingLength(string path)
    {
        var info = new FileInfo(path);
        if (info.LinkTarget is not null || (info.Exists && info.Attributes.HasFlag(FileAttributes.ReparsePoint)))
        {
            throw Refused(path, "is a symbolic link");
        }

        if (!info.Exists)
        {
            return Directory.Exists(path) ? throw Refused(path, "is a folder") : 0;
        }

        return info.Length;
    }

    public static FileStream Open(string path, bool append)
    {
        var length = ExistingLength(path);
        if (length == 0 && !File.Exists(path))
        {
            return new FileStream(path, FileMode.CreateNew, FileAccess.Write, FileShare.None, 1 << 16);
        }

        var stream = new FileStream(path, FileMode.Open, FileAccess.Write, FileShare.None, 1 << 16);
        if (!stream.CanSeek)
        {
            stream.Dispose();
            throw Refused(path, "is not a regular file");
        }

        if (append)
        {
            stream.Seek(0, SeekOrigin.End);
        }
        else
        {
            stream.SetLength(0);
        }

        return stream;
    }

    private static ModelDownloadException Refused(string path, string why) =>
        new($"{path} {why}; refusing to write the download through it. Remove it and pull again.");
}
