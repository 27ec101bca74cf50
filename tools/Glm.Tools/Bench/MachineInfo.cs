using System.Globalization;
using System.Runtime.InteropServices;
using System.Text.Json.Nodes;
using LLama.Native;

namespace Glm.Tools.Bench;

/// <summary>Where a benchmark ran: figures from a shared 2-core machine mean nothing without this.</summary>
internal sealed record MachineInfo(string Cpu, int Cores, long MemoryBytes, string OperatingSystem, string DotNet, string LlamaSystemInfo, string LoadAverage)
{
    public static MachineInfo Collect() => new(
        ReadCpuModel(),
        Environment.ProcessorCount,
        ReadMemTotal(),
        RuntimeInformation.OSDescription,
        RuntimeInformation.FrameworkDescription,
        (Marshal.PtrToStringAnsi(NativeApi.llama_print_system_info()) ?? string.Empty).Trim(),
        ReadLoadAverage());

    /// <summary>The 1-, 5- and 15-minute load averages, to show how busy the machine was.</summary>
    public static string ReadLoadAverage() =>
        File.Exists("/proc/loadavg") ? string.Join(' ', File.ReadAllText("/proc/loadavg").Split(' ').Take(3)) : "unknown";

    /// <summary>
    /// True when this build runs without JIT optimisations (a Debug build): the managed bandwidth probe then reads at
    /// about a third of the machine's speed, so the bandwidth figures are wrong.
    /// </summary>
    public static bool IsDebugBuild =>
        typeof(MachineInfo).Assembly.GetCustomAttributes(typeof(System.Diagnostics.DebuggableAttribute), false)
            .OfType<System.Diagnostics.DebuggableAttribute>().Any(a => a.IsJITOptimizerDisabled);

    public string Describe() =>
        $"{Cpu}, {Cores} cores, {MemoryBytes / (1L << 30)} GiB RAM, {OperatingSystem}, {DotNet}{(IsDebugBuild ? " (DEBUG BUILD: bandwidth figures invalid, run a Release build)" : string.Empty)}, load average {LoadAverage}";

    public JsonObject ToJson() => new()
    {
        ["cpu"] = Cpu,
        ["cores"] = Cores,
        ["memoryBytes"] = MemoryBytes,
        ["os"] = OperatingSystem,
        ["dotnet"] = DotNet,
        ["debugBuild"] = IsDebugBuild,
        ["llamaSystemInfo"] = LlamaSystemInfo,
        ["loadAverageAtStart"] = LoadAverage,
    };

    private static string ReadCpuModel()
    {
        const string path = "/proc/cpuinfo";
        var line = File.Exists(path) ? File.ReadLines(path).FirstOrDefault(l => l.StartsWith("model name", StringComparison.Ordinal)) : null;
        return line is null ? RuntimeInformation.ProcessArchitecture.ToString() : line[(line.IndexOf(':', StringComparison.Ordinal) + 1)..].Trim();
    }

    private static long ReadMemTotal()
    {
        const string path = "/proc/meminfo";
        var line = File.Exists(path) ? File.ReadLines(path).FirstOrDefault(l => l.StartsWith("MemTotal:", StringComparison.Ordinal)) : null;
        var kilobytes = line?.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1];
        return kilobytes is null ? GC.GetGCMemoryInfo().TotalAvailableMemoryBytes : long.Parse(kilobytes, CultureInfo.InvariantCulture) * 1024;
    }
}
