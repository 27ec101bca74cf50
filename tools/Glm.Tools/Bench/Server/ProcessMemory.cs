using System.Globalization;
using System.Text.RegularExpressions;

namespace Glm.Tools.Bench.Server;

/// <summary>Resident memory of a process from /proc (Linux), in bytes.</summary>
/// <param name="Resident">VmRSS.</param>
/// <param name="Anonymous">RssAnon: heaps, llama.cpp's buffers, repacked weights.</param>
/// <param name="FileBacked">RssFile: mapped files (the model, the runtime's libraries).</param>
/// <param name="ModelFileResident">Resident pages of the mappings of the model file itself (from smaps).</param>
public sealed record ProcessMemory(long Resident, long Anonymous, long FileBacked, long ModelFileResident)
{
    /// <summary>Reads /proc/<paramref name="processId"/>/status and smaps.</summary>
    public static ProcessMemory Read(int processId, string modelPath)
    {
        var status = File.ReadAllText($"/proc/{processId}/status");
        var smaps = File.ReadAllText($"/proc/{processId}/smaps");
        return Parse(status, smaps, Path.GetFullPath(modelPath));
    }

    public static ProcessMemory Parse(string status, string smaps, string modelPath) => new(
        StatusField(status, "VmRSS"),
        StatusField(status, "RssAnon"),
        StatusField(status, "RssFile"),
        MappedFileResident(smaps, modelPath));

    /// <summary>A "Name:   1234 kB" line of /proc/pid/status, in bytes; 0 when absent.</summary>
    internal static long StatusField(string status, string name)
    {
        var match = Regex.Match(status, $@"^{name}:\s+(\d+) kB", RegexOptions.Multiline);
        return match.Success ? long.Parse(match.Groups[1].Value, CultureInfo.InvariantCulture) * 1024 : 0;
    }

    /// <summary>Sum of the Rss lines of every smaps mapping whose path is <paramref name="path"/>, in bytes.</summary>
    internal static long MappedFileResident(string smaps, string path)
    {
        long total = 0;
        var inFile = false;
        foreach (var line in smaps.Split('\n'))
        {
            // A mapping header: "start-end perms offset dev inode [path]"; attribute lines are "Name: value".
            var header = Regex.Match(line, @"^[0-9a-f]+-[0-9a-f]+\s+\S+\s+\S+\s+\S+\s+\d+\s*(.*)$");
            if (header.Success)
            {
                inFile = header.Groups[1].Value.Trim() == path;
                continue;
            }

            if (inFile && line.StartsWith("Rss:", StringComparison.Ordinal))
            {
                total += StatusField(line, "Rss");
            }
        }

        return total;
    }
}
