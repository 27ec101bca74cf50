using System.CommandLine;
using Glm.Inference.Engine;
using Glm.Inference.Gguf;
using Glm.Inference.Native;
using Glm.Lsp.Cli;
using Glm.Lsp.Server;
using Glm.TestModels;
using Glm.Tools.Bench;
using Microsoft.Extensions.Logging;

namespace Glm.Tools.Cli;

/// <summary>
/// <c>glm-tools bench</c> (<c>npm run bench</c>): measures the speed targets of issue #5 on a GLM-shaped random-weight model, prints the
/// Markdown table on stdout and writes bench.md, bench.json and PNG charts; with --check a missed target fails the run.
/// </summary>
internal static class BenchCommand
{
    /// <summary>Layers of the quick run's model: enough that the layers, not the embedding and output head, dominate a
    /// decode, few enough that the run takes minutes on two busy cores.</summary>
    public const int QuickLayers = 4;

    public static Command Create(CommonOptions common)
    {
        var quick = new Option<bool>("--quick") { Description = $"A run of a few minutes on 2 cores ({QuickLayers}-layer model, fewer rounds)." };
        var check = new Option<bool>("--check") { Description = "Exit with code 1 when a target is missed, listing the missed targets." };
        var output = new Option<DirectoryInfo?>("--out", "-o") { Description = "Output folder (default: artifacts/bench in the current repository or folder)." };
        var model = new Option<FileInfo?>("--model", "-m") { Description = "Measure this GGUF file instead of a generated GLM-shaped model." };
        var layers = new Option<int?>("--layers") { Description = $"Layers of the generated chatglm3-6b-shaped model (default: {QuickLayers} with --quick, else 28)." };
        var quant = new Option<string>("--quant") { Description = "Weight type of the generated model.", DefaultValueFactory = _ => "q4_0" };
        // Q4_0 is the default: the 4-bit type llama.cpp's CPU backend repacks for speed. The others let the memory-bandwidth
        // section compare every kind of kernel (README, "What limits generation on two cores").
        quant.AcceptOnlyFromAmong("q4_0", "q8_0", "f16", "bf16", "q4_k", "q5_0", "q6_k", "iq4_nl", "iq4_xs");
        var threads = new Option<int>("--threads")
        {
            Description = "Compute threads of the engine, the bare loop and the bandwidth probe (default: cores - 1, at least 1).",
            DefaultValueFactory = _ => EngineOptions.DefaultThreads,
        };
        var cpu = new Option<int?>("--cpu")
        {
            Description = "With one thread: the CPU every measured decode and bandwidth pass runs on (default: the last CPU this process may use; -1 leaves placement to the OS).",
        };
        var rounds = new Option<int?>("--rounds") { Description = "Timed rounds of the interleaved engine sections (default: 7)." };
        var openWait = new Option<double?>("--open-wait")
        {
            Description = "Seconds the cpu-laptop section keeps a document open before its first suggestion; the wait ends early once no thread of the server has been busy for 5 s (default: 60).",
        };
        var server = ServerLocation.CreateOption();
        var sections = new Option<string?>("--sections")
        {
            Description = "Comma-separated sections to run (default: all): " + string.Join(", ", BenchSections.All().Select(BenchSections.ShortName)) + ".",
        };
        // Only for the tests of the command: a target no measurement can meet, and the smallest run of every section.
        var impossible = new Option<bool>("--impossible-targets") { Hidden = true };
        var smoke = new Option<bool>("--smoke") { Hidden = true };

        var command = new Command("bench", "Measure the engine's speed targets against a bare llama.cpp loop and the machine's memory bandwidth.");
        foreach (var option in new Option[] { quick, check, output, model, layers, quant, threads, cpu, rounds, openWait, sections, server, impossible, smoke })
        {
            command.Options.Add(option);
        }

        command.SetAction((parseResult, cancellationToken) => CommandRunner.RunAsync(parseResult, common, async (loggerFactory, ct) =>
        {
            // Native logs follow --verbose; the bench's own progress lines always go to stderr.
            NativeLogging.EnsureInitialized(loggerFactory.CreateLogger("llama.cpp"));
            var verbose = parseResult.GetValue(common.Verbose);
            using var progressFactory = StderrLogging.Create(new LogLevelSwitch(verbose ? LogLevel.Debug : LogLevel.Information));
            var logger = progressFactory.CreateLogger("glm-tools bench");

            var isSmoke = parseResult.GetValue(smoke);
            var isQuick = parseResult.GetValue(quick) || isSmoke;
            var chosen = BenchSections.Select(SplitList(parseResult.GetValue(sections)));
            var threadCount = parseResult.GetValue(threads);
            if (threadCount < 1)
            {
                throw new CommandLineException("--threads must be at least 1");
            }

            if (parseResult.GetValue(rounds) is < 1)
            {
                throw new CommandLineException("--rounds must be at least 1");
            }

            var openWaitTime = OpenWait(parseResult.GetValue(openWait));
            var measureCpu = MeasureCpu(parseResult.GetValue(cpu), threadCount);
            var modelPath = ResolveModel(parseResult.GetValue(model), parseResult.GetValue(layers), parseResult.GetValue(quant)!, isQuick, logger);
            var outputDirectory = parseResult.GetValue(output)?.FullName ?? DefaultOutputDirectory();
            var context = new BenchContext(modelPath, isQuick, threadCount, outputDirectory, ServerLocation.Resolve(parseResult.GetValue(server)), logger, isSmoke, parseResult.GetValue(rounds))
            {
                MeasureCpu = measureCpu,
                OpenWait = openWaitTime,
            };
            // Everything else of the bench (its client threads, the servers it starts) stays off that CPU, so neither
            // side of a ratio is interrupted by the tool measuring it.
            if (context.MeasureCpu is { } offCpu && !ThreadAffinity.KeepProcessOff(offCpu))
            {
                logger.LogWarning("Could not keep the bench's other threads off CPU {Cpu}", offCpu);
            }

            logger.LogInformation(
                "Measured decodes run on {Cpu}",
                context.MeasureCpu is { } pinnedCpu ? $"CPU {pinnedCpu} (engine, server, bare loop and probe alike)" : "CPUs the OS picks");
            var report = await BenchRunner.RunAsync(context, chosen, DescribeModel(modelPath), parseResult.GetValue(impossible), ct);

            Console.Out.Write(report.ToMarkdown());
            logger.LogInformation("Wrote bench.md, bench.json and charts to {Directory}", outputDirectory);
            if (parseResult.GetValue(check) && report.MissedTargets.Count > 0)
            {
                Console.Error.WriteLine($"glm-tools: {report.MissedTargets.Count} target(s) missed:");
                foreach (var target in report.MissedTargets)
                {
                    Console.Error.WriteLine($"  {target.Section}: {target.Name} = {target.Measured:G4} (target {(target.HigherIsBetter ? "≥" : "≤")} {target.Target:G4})");
                }

                return 1;
            }

            return 0;
        }, cancellationToken));
        return command;
    }

    /// <summary>
    /// One CPU for every measured decode when they run single-threaded: the vCPUs of one VM can differ by 10–15% in
    /// decode speed, and a ratio of two runs on different vCPUs would measure that difference.
    /// </summary>
    private static int? MeasureCpu(int? requested, int threads)
    {
        if (requested is < 0 || threads != 1)
        {
            return null;
        }

        var available = ThreadAffinity.CurrentThreadCpus();
        if (requested is { } cpu)
        {
            return available.Contains(cpu) ? cpu : throw new CommandLineException($"--cpu {cpu} is not a CPU this process may use ({string.Join(", ", available)})");
        }

        return available.Count > 0 ? available[^1] : null;
    }

    /// <summary>The --open-wait seconds as a time; null when not given.</summary>
    /// <exception cref="CommandLineException">Negative or not a finite number.</exception>
    internal static TimeSpan? OpenWait(double? seconds) => seconds switch
    {
        null => null,
        { } s when double.IsFinite(s) && s >= 0 && s <= TimeSpan.MaxValue.TotalSeconds / 2 => TimeSpan.FromSeconds(s),
        _ => throw new CommandLineException("--open-wait must be a number of seconds, at least 0"),
    };

    private static string[] SplitList(string? value) =>
        value is null ? [] : value.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);

    private static string ResolveModel(FileInfo? model, int? layers, string quant, bool quick, ILogger logger)
    {
        if (model is not null)
        {
            if (layers is not null)
            {
                throw new CommandLineException("--layers and --model exclude each other");
            }

            return model.Exists ? model.FullName : throw new FileNotFoundException($"model file not found: {model.FullName}", model.FullName);
        }

        var blockCount = layers ?? (quick ? QuickLayers : GlmShape.ChatGlm3_6B.BlockCount);
        if (blockCount < 1)
        {
            throw new CommandLineException("--layers must be at least 1");
        }

        var type = Enum.Parse<GgmlType>(quant, ignoreCase: true);
        logger.LogInformation("Model: chatglm3-6b shape, {Layers} layers, {Type} (built once, then reused from artifacts/test-models)…", blockCount, type);
        return TestModelFiles.Shaped(GlmShape.ChatGlm3_6B, blockCount, type);
    }

    /// <summary>Architecture, layer count and weight type, read from the file itself so a --model file is described too.</summary>
    private static string DescribeModel(string path)
    {
        var file = GgufReader.Read(path);
        var architecture = file.Architecture ?? "unknown architecture";
        var blocks = file.TryGetUInt32($"{architecture}.block_count", out var count) ? count.ToString(System.Globalization.CultureInfo.InvariantCulture) : "?";
        var weightType = file.TryGetTensor("blk.0.ffn_up.weight", out var ffn) ? ffn.Type.ToString() : "?";
        var name = file.TryGetString("general.name", out var modelName) ? modelName : Path.GetFileNameWithoutExtension(path);
        return $"{name} ({architecture}, {blocks} layers, {weightType})";
    }

    /// <summary>artifacts/bench at the root of the git repository around the current folder, else under the current folder.</summary>
    private static string DefaultOutputDirectory()
    {
        var current = Environment.CurrentDirectory;
        for (var directory = new DirectoryInfo(current); directory is not null; directory = directory.Parent)
        {
            if (Directory.Exists(Path.Combine(directory.FullName, ".git")) || File.Exists(Path.Combine(directory.FullName, ".git")))
            {
                return Path.Combine(directory.FullName, "artifacts", "bench");
            }
        }

        return Path.Combine(current, "artifacts", "bench");
    }
}
