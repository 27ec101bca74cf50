namespace Glm.Inference.Models;

/// <summary>
/// Checks what a user names on the command line (REPO, FILE, --revision) before it becomes part of a URL or a path:
/// a name the hub would read as a query, a fragment or a parent folder would download and "verify" another resource
/// than the one named, and a backslash or drive letter would leave the cache folder on Windows.
/// </summary>
public static class DownloadNames
{
    /// <summary>"owner/name", each part made of letters, digits, '.', '_' and '-', without "..".</summary>
    public static (string Owner, string Name) ParseRepository(string repo)
    {
        var parts = repo.Split('/');
        if (parts.Length != 2 || !parts.All(IsSafeSegment))
        {
            throw new ArgumentException(
                $"The repository '{repo}' must look like owner/name, each part made of letters, digits, '.', '_' and '-' (no '..').", nameof(repo));
        }

        return (parts[0], parts[1]);
    }

    /// <summary>A branch, tag or commit made of letters, digits, '.', '_' and '-', without "..".</summary>
    public static void CheckRevision(string revision)
    {
        if (!IsSafeSegment(revision))
        {
            throw new ArgumentException(
                $"The revision '{revision}' must be a branch, tag or commit made of letters, digits, '.', '_' and '-' (no '..').", nameof(revision));
        }
    }

    /// <summary>A relative path inside the repository: '/'-separated safe segments.</summary>
    public static string[] ParseFile(string file)
    {
        var segments = file.Split('/');
        if (file.Length == 0 || !segments.All(IsSafeSegment))
        {
            throw new ArgumentException(
                $"The file '{file}' must be a relative path inside the repository: '/'-separated names of letters, digits, '.', '_' and '-' (no '..').", nameof(file));
        }

        return segments;
    }

    /// <summary>The full path of <paramref name="segments"/> under <paramref name="root"/>; refuses anything that would
    /// resolve elsewhere, on every platform's path rules.</summary>
    public static string PathUnder(string root, IEnumerable<string> segments)
    {
        var fullRoot = Path.GetFullPath(root);
        var target = Path.GetFullPath(Path.Combine([fullRoot, .. segments]));
        var prefix = Path.EndsInDirectorySeparator(fullRoot) ? fullRoot : fullRoot + Path.DirectorySeparatorChar;
        if (!target.StartsWith(prefix, OperatingSystem.IsWindows() ? StringComparison.OrdinalIgnoreCase : StringComparison.Ordinal))
        {
            throw new ArgumentException($"The download target '{target}' is not inside '{fullRoot}'.", nameof(segments));
        }

        return target;
    }

    private static bool IsSafeSegment(string segment) =>
        segment.Length is > 0 and <= 255
        && !segment.Contains("..", StringComparison.Ordinal)
        && segment != "."
        && segment.All(c => char.IsAsciiLetterOrDigit(c) || c is '.' or '_' or '-');
}
