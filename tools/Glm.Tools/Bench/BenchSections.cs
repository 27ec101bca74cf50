using Glm.Tools.Bench.Server;

namespace Glm.Tools.Bench;

/// <summary>Every section of <c>glm-tools bench</c>, in the order they run, and the short names <c>--sections</c> takes.</summary>
internal static class BenchSections
{
    public static IReadOnlyList<IBenchmarkSection> All() =>
    [
        new EngineOverheadSection(),
        new MemoryBandwidthSection(),
        new SpeculativeDecodingSection(),
        new ServerThroughputSection(),
        new TypingSessionSection(),
        new CancellationSection(),
        new ServerMemorySection(),
        new CpuLaptopSection(),
    ];

    /// <summary>"Engine overhead" → "engine-overhead".</summary>
    public static string ShortName(IBenchmarkSection section) =>
        section.Name.ToLowerInvariant().Replace(' ', '-');

    /// <summary>The sections whose short name starts with one of <paramref name="names"/> (all when none is given).</summary>
    /// <exception cref="ArgumentException">A name matches no section; the message lists the valid ones.</exception>
    public static IReadOnlyList<IBenchmarkSection> Select(IReadOnlyList<string> names)
    {
        var all = All();
        if (names.Count == 0)
        {
            return all;
        }

        foreach (var name in names.Where(n => !all.Any(s => ShortName(s).StartsWith(n, StringComparison.OrdinalIgnoreCase))))
        {
            throw new ArgumentException($"unknown bench section '{name}' (sections: {string.Join(", ", all.Select(ShortName))})");
        }

        return [.. all.Where(s => names.Any(n => ShortName(s).StartsWith(n, StringComparison.OrdinalIgnoreCase)))];
    }
}
