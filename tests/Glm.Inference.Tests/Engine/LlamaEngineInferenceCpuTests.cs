using Glm.Inference.Engine;
using Glm.Inference.Generation;
using Microsoft.Extensions.Logging;

namespace Glm.Inference.Tests.Engine;

/// <summary>
/// The benchmark pins the engine's inference thread to the CPU its baseline runs on (EngineOptions.InferenceCpu); the
/// pin must reach the thread that runs llama_decode, and leave every other thread where it was.
/// </summary>
/// <remarks>
/// Every engine names its inference thread glm-inference, so this test runs alone: beside the engines of tests running
/// in parallel, a lookup by name could read another engine's unpinned thread.
/// </remarks>
[Collection(nameof(InferenceCpuCollection))]
[Trait("Speed", "Slow")]
public class LlamaEngineInferenceCpuTests
{
    [Fact]
    public async Task The_inference_thread_runs_only_on_the_chosen_cpu_and_the_answer_is_unchanged()
    {
        var cpus = ThreadAffinity.CurrentThreadCpus();
        var chosen = cpus[^1];
        // Threads of engines that earlier tests disposed may not have ended yet; they are not this engine's.
        var earlier = ThreadsNamed("glm-inference").Keys.ToHashSet();
        await using var engine = await LlamaEngine.LoadAsync(
            new EngineOptions(EngineTestModels.Long) { ContextSize = 256, Slots = 1, Threads = 1, InferenceCpu = chosen },
            null,
            null,
            CancellationToken.None);

        var result = await engine.RunAsync(new RawPrompt("[gMASK]<sop>" + EngineTestModels.Words(0, 10)), new GenerationOptions { MaxTokens = 5 });

        Assert.Equal(EngineTestModels.Words(10, 5), result.Text);
        var ours = ThreadsNamed("glm-inference").Where(thread => !earlier.Contains(thread.Key)).Select(thread => thread.Value);
        Assert.Equal([$"{chosen}"], ours);
        Assert.Equal(cpus, ThreadAffinity.CurrentThreadCpus());
    }

    [Fact]
    public async Task A_cpu_the_thread_cannot_be_pinned_to_is_named_in_a_warning_and_the_answer_is_unchanged()
    {
        var logger = new RecordingLogger();
        // Past the 1,024 CPUs an affinity mask can name: the pin fails and the OS places the thread.
        await using var engine = await LlamaEngine.LoadAsync(
            new EngineOptions(EngineTestModels.Long) { ContextSize = 256, Slots = 1, Threads = 1, InferenceCpu = 1024 },
            null,
            logger,
            CancellationToken.None);

        var result = await engine.RunAsync(new RawPrompt("[gMASK]<sop>" + EngineTestModels.Words(0, 10)), new GenerationOptions { MaxTokens = 5 });

        Assert.Equal(EngineTestModels.Words(10, 5), result.Text);
        Assert.Contains(new LoggedLine(LogLevel.Warning, "Could not pin the inference thread to CPU 1024; the OS places it", null), logger.Lines);
    }

    /// <summary>Thread id → the kernel's Cpus_allowed_list, for each of this process's threads named <paramref name="name"/>.</summary>
    private static Dictionary<string, string> ThreadsNamed(string name)
    {
        var threads = new Dictionary<string, string>();
        foreach (var task in Directory.EnumerateDirectories("/proc/self/task"))
        {
            try
            {
                if (File.ReadAllText(Path.Combine(task, "comm")).Trim() == name)
                {
                    threads[Path.GetFileName(task)] = File.ReadAllLines(Path.Combine(task, "status"))
                        .Single(line => line.StartsWith("Cpus_allowed_list:", StringComparison.Ordinal))["Cpus_allowed_list:".Length..].Trim();
                }
            }
            catch (IOException)
            {
                // A thread that ended while it was being read is not the live engine's.
            }
        }

        return threads;
    }
}

/// <summary>Tests that must not share the process with engines of other tests (see LlamaEngineInferenceCpuTests).</summary>
[CollectionDefinition(nameof(InferenceCpuCollection), DisableParallelization = true)]
public sealed class InferenceCpuCollection;
