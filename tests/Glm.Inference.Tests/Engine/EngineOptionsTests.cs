using Glm.Inference.Engine;

namespace Glm.Inference.Tests.Engine;

/// <summary>The checks <see cref="EngineOptions.ThrowIfInvalid"/> makes before llama.cpp sees the sizes, at their boundaries.</summary>
public class EngineOptionsTests
{
    /// <summary>Valid, with two slots at their smallest context, so that one changed option is the only thing wrong.</summary>
    private static readonly EngineOptions Valid = new("model.gguf") { Slots = 2, ContextSize = 128 };

    [Theory]
    [InlineData("")]
    [InlineData("   ")]
    public void A_blank_model_path_is_refused(string path)
    {
        var error = Assert.Throws<ArgumentException>(() => new EngineOptions(path).ThrowIfInvalid());

        Assert.Equal("ModelPath", error.ParamName);
    }

    [Theory]
    [InlineData("Slots", 0, "at least 1")]
    [InlineData("Slots", 257, "at most 256, llama.cpp's limit of parallel sequences")]
    [InlineData("ContextSize", 127, "at least 64 tokens per slot (128 for 2 slots)")]
    [InlineData("BatchSize", 0, "at least 1")]
    [InlineData("MicroBatchSize", 0, "at least 1")]
    [InlineData("Threads", 0, "at least 1")]
    [InlineData("GpuLayers", -1, "0 or more (or null for auto)")]
    public void Each_size_out_of_range_is_refused_with_a_message_that_names_the_option(string name, int value, string expectation)
    {
        var error = Assert.Throws<ArgumentOutOfRangeException>(With(name, value).ThrowIfInvalid);

        Assert.Equal(name, error.ParamName);
        Assert.Equal(value, error.ActualValue);
        Assert.StartsWith($"EngineOptions.{name} must be {expectation}; it is {value}.", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void The_smallest_allowed_sizes_are_accepted()
    {
        // Each size exactly at its lower bound: 64 tokens per slot, one slot, batches and threads of one, no GPU layer.
        Valid.ThrowIfInvalid();
        foreach (var name in new[] { "Slots", "BatchSize", "MicroBatchSize", "Threads" })
        {
            With(name, 1).ThrowIfInvalid();
        }

        With("GpuLayers", 0).ThrowIfInvalid();
        (Valid with { GpuLayers = null }).ThrowIfInvalid();
    }

    [Fact]
    public void The_default_leaves_one_core_to_the_editor_but_uses_at_least_one_thread()
    {
        // ProcessorCount honours the process's affinity, so on one core this is 1 and on four it is 3.
        Assert.Equal(Math.Max(1, Environment.ProcessorCount - 1), EngineOptions.DefaultThreads);
        Assert.Equal(EngineOptions.DefaultThreads, new EngineOptions("model.gguf").Threads);
    }

    [Theory]
    [InlineData(1, 1)]
    [InlineData(2, 1)]
    [InlineData(3, 2)]
    [InlineData(16, 15)]
    public void On_any_number_of_cores_the_default_leaves_one_to_the_editor_and_uses_at_least_one(int cores, int threads)
    {
        // The machine's own count cannot show every case: on two cores leaving one and using at least one agree.
        Assert.Equal(threads, EngineOptions.ThreadsLeavingOneCore(cores));
    }

    private static EngineOptions With(string name, int value) => name switch
    {
        "Slots" => Valid with { Slots = value },
        "ContextSize" => Valid with { ContextSize = value },
        "BatchSize" => Valid with { BatchSize = value },
        "MicroBatchSize" => Valid with { MicroBatchSize = value },
        "Threads" => Valid with { Threads = value },
        "GpuLayers" => Valid with { GpuLayers = value },
        _ => throw new ArgumentOutOfRangeException(nameof(name), name, "Not an option this test changes."),
    };
}
