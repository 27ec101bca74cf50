using System.Globalization;
using System.Text.RegularExpressions;

namespace Glm.Tools.Bench.Server;

/// <summary>
/// The buffer sizes llama.cpp reports while loading (its info log, which the server writes at debug level):
/// "CPU_REPACK model buffer size = 123.45 MiB", "CPU KV buffer size = …", "CPU compute buffer size = …",
/// "CPU  output buffer size = …". Bytes per kind, summed over backends. A model buffer named "CPU_Mapped" is the file's
/// mapping (its resident pages are counted from smaps); one named plainly "CPU" holds weights read into private memory
/// (the default, <c>glm.useMemoryMap</c> off).
/// </summary>
public sealed record LlamaBufferSizes(long RepackedModel, long MappedModel, long KvCache, long Compute, long Output, long ReadModel = 0)
{
    private static readonly Regex Line = new(@"(\S+)\s+(model|KV|compute|output) buffer size\s*=\s*([\d.]+) MiB", RegexOptions.Compiled);

    public static LlamaBufferSizes Parse(IEnumerable<string> logLines)
    {
        long repacked = 0, mapped = 0, read = 0, kv = 0, compute = 0, output = 0;
        foreach (var line in logLines)
        {
            var match = Line.Match(line);
            if (!match.Success)
            {
                continue;
            }

            var bytes = (long)(double.Parse(match.Groups[3].Value, CultureInfo.InvariantCulture) * 1024 * 1024);
            switch (match.Groups[2].Value)
            {
                case "model" when match.Groups[1].Value.Contains("REPACK", StringComparison.Ordinal):
                    repacked += bytes;
                    break;
                case "model" when match.Groups[1].Value.Contains("Mapped", StringComparison.Ordinal):
                    mapped += bytes;
                    break;
                case "model":
                    read += bytes;
                    break;
                case "KV":
                    kv += bytes;
                    break;
                case "compute":
                    compute += bytes;
                    break;
                default:
                    output += bytes;
                    break;
            }
        }

        return new LlamaBufferSizes(repacked, mapped, kv, compute, output, read);
    }
}
