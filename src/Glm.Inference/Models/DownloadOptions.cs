using Glm.Inference.Networking;

namespace Glm.Inference.Models;

/// <summary>Where and how <see cref="ModelDownloader"/> fetches a file.</summary>
public sealed class DownloadOptions
{
    /// <summary>The hub: Hugging Face by default; ModelScope-style or internal mirrors that serve
    /// <c>{base}/{repo}/resolve/{revision}/{file}</c> work too.</summary>
    public Uri BaseUrl { get; init; } = new("https://huggingface.co");

    public string Revision { get; init; } = "main";

    /// <summary>Folder for the file; null puts it in the user cache under <c>{owner}/{name}/</c>.</summary>
    public string? TargetDirectory { get; init; }

    /// <summary>Bearer token for gated repositories; null reads <c>HF_TOKEN</c> for Hugging Face over https and
    /// <c>GLM_LSP_HUB_TOKEN</c> for any other hub (<see cref="HubAccess"/>). Never logged, never sent over plain http.</summary>
    public string? AccessToken { get; init; }

    /// <summary>A known SHA-256 (hex) to check instead of asking the hub.</summary>
    public string? ExpectedSha256 { get; init; }

    /// <summary>Accept a file whose hash the hub does not publish (a plain mirror). Off: such a download fails.</summary>
    public bool AllowUnverified { get; init; }

    /// <summary>How many times a broken transfer is resumed within one call before giving up (the partial file stays).</summary>
    public int MaxResumeAttempts { get; init; } = 3;

    /// <summary>Allow plain http:// to a hub that is not this machine. Off: such hubs are refused.</summary>
    public bool AllowInsecureHttp { get; init; }

    /// <summary>Replace an existing file at the target that is not the verified download (only ever by a verified
    /// download). Off: such a file is left alone and the pull is refused.</summary>
    public bool Overwrite { get; init; }

    /// <summary>Longest wait for the next bytes of an answer; a stalled transfer counts as broken (and is resumed).</summary>
    public TimeSpan IdleTimeout { get; init; } = TimeSpan.FromSeconds(60);

    public NetworkSettings Network { get; init; } = NetworkSettings.Default;

    public override string ToString() => $"DownloadOptions {{ BaseUrl = {BaseUrl}, Revision = {Revision}, AccessToken = {(AccessToken is null ? "(none or HF_TOKEN)" : "(redacted)")} }}";
}
