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

    /// <summary>Bearer token for gated repositories; null reads <c>HF_TOKEN</c>. Never logged.</summary>
    public string? AccessToken { get; init; }

    /// <summary>A known SHA-256 (hex) to check instead of asking the hub.</summary>
    public string? ExpectedSha256 { get; init; }

    /// <summary>Accept a file whose hash the hub does not publish (a plain mirror). Off: such a download fails.</summary>
    public bool AllowUnverified { get; init; }

    /// <summary>How many times a broken transfer is resumed within one call before giving up (the partial file stays).</summary>
    public int MaxResumeAttempts { get; init; } = 3;

    public NetworkSettings Network { get; init; } = NetworkSettings.Default;

    public override string ToString() => $"DownloadOptions {{ BaseUrl = {BaseUrl}, Revision = {Revision}, AccessToken = {(AccessToken is null ? "(none or HF_TOKEN)" : "(redacted)")} }}";
}
