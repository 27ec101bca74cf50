using Glm.Inference.Networking;

namespace Glm.Inference.Models;

/// <summary>
/// Which hub may get which token, and over what: HF_TOKEN goes only to Hugging Face over https; any other hub (a
/// mirror) gets only its own <see cref="MirrorTokenEnvironmentVariable"/>; no token ever crosses the network in
/// cleartext; plain http to a hub that is not this machine needs an explicit opt-in.
/// </summary>
public static class HubAccess
{
    public const string HuggingFaceTokenEnvironmentVariable = "HF_TOKEN";

    /// <summary>The token for a hub other than Hugging Face (a mirror, an internal server).</summary>
    public const string MirrorTokenEnvironmentVariable = "GLM_LSP_HUB_TOKEN";

    public static bool IsHuggingFace(Uri hub) =>
        hub.Scheme == Uri.UriSchemeHttps
        && (hub.IdnHost.Equals("huggingface.co", StringComparison.OrdinalIgnoreCase)
            || hub.IdnHost.EndsWith(".huggingface.co", StringComparison.OrdinalIgnoreCase));

    /// <summary>The bearer token for <paramref name="hub"/>: the explicit one, else the variable that belongs to that hub.</summary>
    public static string? TokenFor(Uri hub, string? explicitToken, Func<string, string?> environment)
    {
        var token = explicitToken ?? environment(IsHuggingFace(hub) ? HuggingFaceTokenEnvironmentVariable : MirrorTokenEnvironmentVariable);
        return string.IsNullOrEmpty(token) ? null : token;
    }

    /// <summary>True when a token may be sent to <paramref name="url"/>: https, or this machine.</summary>
    public static bool MayCarryToken(Uri url) => url.Scheme == Uri.UriSchemeHttps || LoopbackHost.IsLoopback(url);

    /// <summary>Refuses plain http to a host that is not this machine unless the user asked for it.</summary>
    public static void CheckTransport(Uri url, bool allowInsecureHttp)
    {
        if (url.Scheme != Uri.UriSchemeHttps && !LoopbackHost.IsLoopback(url) && !allowInsecureHttp)
        {
            throw new ModelDownloadException(
                $"Refusing plain http to {url.IdnHost}: the model could be altered on the way and a token would be readable. "
                + "Use an https:// hub, or pass --allow-insecure-http if this network is trusted.");
        }
    }
}
