using System.Net;

namespace Glm.Inference.Networking;

/// <summary>Decides from the name alone whether a host is this machine, so that no DNS lookup leaks the name.</summary>
public static class LoopbackHost
{
    public static bool IsLoopback(string host)
    {
        var trimmed = host.Trim('[', ']');
        if (IPAddress.TryParse(trimmed, out var address))
        {
            return IPAddress.IsLoopback(address);
        }

        // RFC 6761 reserves "localhost" and its subdomains for loopback.
        return trimmed.Equals("localhost", StringComparison.OrdinalIgnoreCase)
            || trimmed.EndsWith(".localhost", StringComparison.OrdinalIgnoreCase);
    }

    public static bool IsLoopback(Uri uri) => IsLoopback(uri.IdnHost);
}
