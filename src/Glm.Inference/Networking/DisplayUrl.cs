namespace Glm.Inference.Networking;

/// <summary>
/// The form of a URL that may be shown in a log, a message or a status: user name, password and query (where API keys
/// and signed tokens live) are replaced by "***", and the fragment is dropped. Every URL a user configured goes
/// through here before it is displayed.
/// </summary>
public static class DisplayUrl
{
    private const string Hidden = "***";

    public static string Redact(Uri uri)
    {
        if (!uri.IsAbsoluteUri)
        {
            return Hidden;
        }

        var userInfo = uri.UserInfo.Length > 0 ? Hidden + "@" : string.Empty;
        var port = uri.IsDefaultPort ? string.Empty : $":{uri.Port}";
        var query = uri.Query.Length > 1 ? "?" + Hidden : string.Empty;
        return $"{uri.Scheme}://{userInfo}{uri.Host}{port}{uri.AbsolutePath}{query}";
    }

    /// <summary>Redacts a configured value that should be a URL; text that does not parse keeps only what follows
    /// its last '@' (a malformed "user:password@host" must not be echoed either).</summary>
    public static string Redact(string text)
    {
        if (Uri.TryCreate(text, UriKind.Absolute, out var uri) && uri.Scheme is "http" or "https")
        {
            return Redact(uri);
        }

        var at = text.LastIndexOf('@');
        var shown = at >= 0 ? Hidden + "@" + text[(at + 1)..] : text;
        var question = shown.IndexOf('?', StringComparison.Ordinal);
        return question >= 0 ? shown[..question] + "?" + Hidden : shown;
    }
}
