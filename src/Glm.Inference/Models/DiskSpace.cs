namespace Glm.Inference.Models;

/// <summary>Tells a full disk from other I/O errors, so callers can stop retrying and say what the user must do.</summary>
public static class DiskSpace
{
    /// <summary>ENOSPC on Linux and macOS (.NET puts the errno in HResult there).</summary>
    private const int NoSpaceErrno = 28;

    /// <summary>ERROR_HANDLE_DISK_FULL and ERROR_DISK_FULL on Windows, in the low word of the HResult.</summary>
    private const int WindowsHandleDiskFull = 39;
    private const int WindowsDiskFull = 112;

    public static bool IsFull(IOException error)
    {
        ArgumentNullException.ThrowIfNull(error);
        return OperatingSystem.IsWindows()
            ? (error.HResult & 0xFFFF) is WindowsHandleDiskFull or WindowsDiskFull
            : error.HResult == NoSpaceErrno;
    }
}
