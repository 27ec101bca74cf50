using Glm.Hardening.Tests.Infrastructure;
using Glm.Inference.Engine;
using Glm.Inference.Generation;
using Glm.Inference.Gguf;
using Glm.TestModels;
using Xunit.Abstractions;

namespace Glm.Hardening.Tests.BadModels;

/// <summary>
/// Models the managed validator accepts because only their tensor data is garbage (NaN, infinities, huge values, zeros,
/// random bytes), loaded by the real llama.cpp engine and generated from (issue #7). The validator never reads tensor
/// data, so this is the native path's own behaviour: it must never crash the process, and each variant must end in
/// text or a clear error.
/// </summary>
[Trait("Speed", "Slow")]
public sealed class NativeCorruptModelTests(ITestOutputHelper output) : IDisposable
{
    private const string Prompt = "[gMASK]<sop>Good documentation explains why";
    private readonly string directory = Directory.CreateTempSubdirectory("glm-native-corrupt-").FullName;

    public static TheoryData<string> Variants() => ["nan", "huge", "infinity", "zeros", "random-1", "random-2", "random-3"];

    [Theory]
    [MemberData(nameof(Variants))]
    public async Task A_model_with_garbage_weights_loads_and_answers_with_text_or_a_clear_error(string variant)
    {
        var path = Write(variant);
        GgufModelValidator.Validate(path);

        var outcome = await GenerateAsync(path);

        output.WriteLine($"{variant}: {outcome}");
        Assert.Equal(Expected(variant), outcome);
    }

    [Fact]
    public async Task Many_random_weight_variants_never_crash_the_process()
    {
        var count = HardeningScale.Pick(bounded: 6, longForm: 200);
        var outcomes = new Dictionary<string, int>();
        for (var seed = 100; seed < 100 + count; seed++)
        {
            var outcome = await GenerateAsync(Write($"random-{seed}"));
            var kind = outcome.StartsWith("text:", StringComparison.Ordinal) ? "text" : outcome;
            outcomes[kind] = outcomes.GetValueOrDefault(kind) + 1;
        }

        output.WriteLine(string.Join(", ", outcomes.Select(o => $"{o.Value}× {o.Key}")));
        Assert.Equal(count, outcomes.Values.Sum());
        Assert.All(outcomes.Keys, kind => Assert.True(
            kind is "text" or "error: The model produced NaN logits; its weights are probably corrupt."
                or "error: The model gave every token the same score; its weights are probably zeroed.", kind));
    }

    public void Dispose() => Directory.Delete(directory, recursive: true);

    /// <summary>Random bytes are NaN patterns for about one float in 256, so every random variant reaches NaN too.</summary>
    private static string Expected(string variant) => variant switch
    {
        "zeros" => "error: The model gave every token the same score; its weights are probably zeroed.",
        _ => "error: The model produced NaN logits; its weights are probably corrupt.",
    };

    /// <summary>The predictable model with every byte of its tensor data replaced as the variant says.</summary>
    private string Write(string variant)
    {
        var source = TestModelFiles.Predictable();
        var bytes = File.ReadAllBytes(source);
        var dataStart = (int)GgufReader.Read(source).DataOffset;
        var data = bytes.AsSpan(dataStart);
        switch (variant)
        {
            case "nan":
                data.Fill(0xFF);
                break;
            case "huge":
                // 0x7F7F7F7F is 3.4e38 as a float32: every product overflows to infinity.
                data.Fill(0x7F);
                break;
            case "infinity":
                for (var i = 0; i + 3 < data.Length; i += 4)
                {
                    data[i] = 0x00;
                    data[i + 1] = 0x00;
                    data[i + 2] = 0x80;
                    data[i + 3] = 0x7F;
                }

                break;
            case "zeros":
                data.Clear();
                break;
            default:
                new Random(int.Parse(variant["random-".Length..], System.Globalization.CultureInfo.InvariantCulture)).NextBytes(data);
                break;
        }

        var path = Path.Combine(directory, variant + ".gguf");
        File.WriteAllBytes(path, bytes);
        return path;
    }

    /// <summary>"text:…" with the generated text, or "error: …" for a failed load or generation; anything else throws.</summary>
    private static async Task<string> GenerateAsync(string path)
    {
        try
        {
            await using var engine = await LlamaEngine.LoadAsync(
                new EngineOptions(path) { ContextSize = 512, Slots = 1, Threads = 1 }, null, null, CancellationToken.None);
            var text = new System.Text.StringBuilder();
            await foreach (var chunk in engine.GenerateAsync(new GenerationRequest(new RawPrompt(Prompt), new GenerationOptions { MaxTokens = 16 })))
            {
                text.Append(chunk.Text);
            }

            return "text:" + text;
        }
        catch (Exception e) when (e is GenerationFailedException or ModelLoadException)
        {
            return "error: " + e.Message;
        }
    }
}
