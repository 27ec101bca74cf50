using Glm.Inference.Engine;
using Glm.Inference.Generation;

namespace Glm.Inference.Tests.Engine;

/// <summary>
/// The benchmark pins the engine's inference thread to the CPU its baseline runs on (EngineOptions.InferenceCpu); the
/// pin must reach the thread that runs llama_decode, and leave every other thread where it was.
/// </summary>
public class LlamaEngineInferenceCpuTests
{
    [Fact]
    public async Task The_inference_thread_runs_only_on_the_chosen_cpu_and_the_answer_is_unchanged()
    {
        var cpus = ThreadAffinity.CurrentThreadCpus();
        var chosen = cpus[^1];
        await using var engine = await LlamaEngine.LoadAsync(
            new EngineOptions(EngineTestModels.Long) { ContextSize = 256, Slots = 1, Threads = 1, InferenceCpu = chosen },
            null,
            null,
            CancellationToken.None);

        var result = await engine.RunAsync(new RawPrompt("[gMASK]<sop>" + EngineTestModels.Words(0, 10)), new GenerationOptions { MaxTokens = 5 });

        Assert.Equal(EngineTestModels.Words(10, 5), result.Text);
        Assert.Equal($"{chosen}", AllowedCpusOfThread("glm-inference"));
        Assert.Equal(cpus, ThreadAffinity.CurrentThreadCpus());
    }

    /// <summary>The kernel's Cpus_allowed_list of this process's thread named <paramref name="name"/>.</summary>
    private static string AllowedCpusOfThread(string name)
    {
        foreach (var task in Directory.EnumerateDirectories("/proc/self/task"))
        {
            if (File.ReadAllText(Path.Combine(task, "comm")).Trim() == name)
            {
                return File.ReadAllLines(Path.Combine(task, "status"))
                    .Single(line => line.StartsWith("Cpus_allowed_list:", StringComparison.Ordinal))["Cpus_allowed_list:".Length..].Trim();
            }
        }

        throw new InvalidOperationException($"no thread named {name}");
    }
}
