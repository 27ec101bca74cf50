namespace Glm.Lsp.Documents;

/// <summary>
/// The workspace folders the editor has open, by URI: set at initialize and changed by the editor's folder
/// notifications. A document belongs to the innermost folder that contains it, and its path relative to that folder is
/// what a model that asks for a file path is told (CodeGeeX4's <c>###PATH:</c> line).
/// </summary>
public sealed class WorkspaceFolderSet
{
    private readonly Lock gate = new();
    private volatile IReadOnlyList<UriLocation> folders = [];

    /// <summary>The folders' URIs, in the order they were added.</summary>
    public IReadOnlyList<string> Folders => [.. folders.Select(f => f.Uri)];

    /// <summary>Replaces every folder (initialize's <c>workspaceFolders</c>, or its <c>rootUri</c>). URIs that are not
    /// absolute are ignored: a folder nobody can name holds no document.</summary>
    public void Replace(IEnumerable<string> folderUris)
    {
        ArgumentNullException.ThrowIfNull(folderUris);
        lock (gate)
        {
            folders = Distinct(folderUris.Select(UriLocation.TryParse).OfType<UriLocation>());
        }
    }

    /// <summary>Removes <paramref name="removed"/>, then adds <paramref name="added"/>, as one change.</summary>
    public void Change(IEnumerable<string> added, IEnumerable<string> removed)
    {
        ArgumentNullException.ThrowIfNull(added);
        ArgumentNullException.ThrowIfNull(removed);
        lock (gate)
        {
            var gone = removed.Select(UriLocation.TryParse).OfType<UriLocation>().ToList();
            var kept = folders.Where(folder => !gone.Any(folder.SameLocation));
            folders = Distinct(kept.Concat(added.Select(UriLocation.TryParse).OfType<UriLocation>()));
        }
    }

    /// <summary>The URI of the innermost folder containing the document, or null when none does.</summary>
    public string? FolderOf(string documentUri) =>
        UriLocation.TryParse(documentUri) is { } document ? InnermostFolder(document)?.Uri : null;

    /// <summary>
    /// The document's path relative to its folder with forward slashes on every system (<c>src/app/main.py</c>),
    /// percent-encoding decoded; for a <c>file:</c> document outside every folder its file name; otherwise null
    /// (<c>untitled:</c> and other documents without a file path).
    /// </summary>
    public string? RelativePathOf(string documentUri)
    {
        if (UriLocation.TryParse(documentUri) is not { } document || document.Segments.Count == 0)
        {
            return null;
        }

        if (InnermostFolder(document) is { } folder)
        {
            return string.Join('/', document.Segments.Skip(folder.Segments.Count));
        }

        return document.IsFile ? document.Segments[^1] : null;
    }

    private UriLocation? InnermostFolder(UriLocation document) =>
        folders.Where(folder => folder.Contains(document)).MaxBy(folder => folder.Segments.Count);

    private static UriLocation[] Distinct(IEnumerable<UriLocation> locations)
    {
        var distinct = new List<UriLocation>();
        foreach (var location in locations)
        {
            if (!distinct.Any(location.SameLocation))
            {
                distinct.Add(location);
            }
        }

        return [.. distinct];
    }

    /// <summary>A URI split into what decides containment: scheme, authority and decoded path segments.</summary>
    private sealed record UriLocation(string Uri, string Scheme, string Authority, IReadOnlyList<string> Segments)
    {
        public bool IsFile => Scheme == "file";

        /// <summary>Parsed by hand rather than with <see cref="System.Uri"/>, whose file-URI handling differs between
        /// systems; editors send <c>file:///c%3A/dir</c> and <c>file:///C:/dir</c> for the same Windows folder.</summary>
        public static UriLocation? TryParse(string uri)
        {
            var colon = uri.IndexOf(':', StringComparison.Ordinal);
            if (colon < 1 || !char.IsAsciiLetter(uri[0]))
            {
                return null;
            }

            var scheme = uri[..colon].ToLowerInvariant();
            var rest = uri[(colon + 1)..];
            var end = rest.IndexOfAny(['?', '#']);
            rest = end < 0 ? rest : rest[..end];
            var authority = "";
            if (rest.StartsWith("//", StringComparison.Ordinal))
            {
                var pathStart = rest.IndexOf('/', 2);
                authority = (pathStart < 0 ? rest[2..] : rest[2..pathStart]).ToLowerInvariant();
                rest = pathStart < 0 ? "" : rest[pathStart..];
            }

            var segments = rest.Split('/', StringSplitOptions.RemoveEmptyEntries).Select(Decode).ToArray();
            return new UriLocation(uri, scheme, authority, segments);
        }

        /// <summary>True when <paramref name="document"/> lies strictly below this folder.</summary>
        public bool Contains(UriLocation document) =>
            Scheme == document.Scheme
            && Authority == document.Authority
            && document.Segments.Count > Segments.Count
            && Segments.Select((segment, i) => SameSegment(segment, document.Segments[i], i)).All(same => same);

        public bool SameLocation(UriLocation other) =>
            Scheme == other.Scheme
            && Authority == other.Authority
            && Segments.Count == other.Segments.Count
            && Segments.Select((segment, i) => SameSegment(segment, other.Segments[i], i)).All(same => same);

        /// <summary>Segments compare exactly, except a Windows drive ("c:" and "C:" are one drive).</summary>
        private bool SameSegment(string mine, string theirs, int index) =>
            index == 0 && IsFile && mine.Length == 2 && mine[1] == ':'
                ? string.Equals(mine, theirs, StringComparison.OrdinalIgnoreCase)
                : string.Equals(mine, theirs, StringComparison.Ordinal);

        private static string Decode(string segment) => System.Uri.UnescapeDataString(segment);
    }
}
