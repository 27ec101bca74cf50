using Glm.Hardening.Tests.Infrastructure;
using Glm.Inference.Engine;
using Glm.Inference.Gguf;
using Glm.Inference.TestModels;
using Xunit.Abstractions;

namespace Glm.Hardening.Tests.BadModels;

/// <summary>
/// A corpus of broken GGUF files made from the valid predictable model: cut at every byte of the header and at
/// hundreds of points of the metadata and tensor table, and bytes overwritten (flipped, zeroed, set to huge values)
/// across the same region. Every variant must be refused by the managed validator with a GgufValidationException
/// naming the file, or accepted (a change inside a string or the tensor data can be harmless); never another exception.
/// </summary>
public sealed class CorruptModelTests(ITestOutputHelper output) : IDisposable
{
    private readonly string directory = Directory.CreateTempSubdirectory("glm-corrupt-").FullName;

    [Fact]
    public void Every_cut_and_overwritten_variant_is_refused_with_a_specific_message_or_accepted()
    {
        var source = TestModels.Predictable();
        var bytes = File.ReadAllBytes(source);
        var metadataEnd = (int)GgufReader.Read(source).DataOffset;
        var random = new Random(7);
        var points = HardeningScale.Pick(bounded: 150, longForm: 5_000);
        var cuts = Enumerable.Range(0, 64).Concat(Enumerable.Range(0, points / 2).Select(_ => random.Next(64, metadataEnd)))
            .Concat([metadataEnd, metadataEnd + 1, (metadataEnd + bytes.Length) / 2, bytes.Length - 1]).Distinct().ToList();
        // Every byte of the header and of the last KiB before the data (the tensor table: names, dims, types, offsets),
        // and random points of the metadata between them.
        var tableStart = Math.Max(32, metadataEnd - 1024);
        var overwrites = Enumerable.Range(0, 32).Concat(Enumerable.Range(tableStart, metadataEnd - tableStart))
            .Concat(Enumerable.Range(0, points).Select(_ => random.Next(32, metadataEnd))).ToList();
        var refused = 0;
        var accepted = new List<string>();
        var failures = new List<string>();

        var cutPath = Path.Combine(directory, "cut.gguf");
        foreach (var length in cuts)
        {
            File.WriteAllBytes(cutPath, bytes.AsSpan(0, length).ToArray());
            Classify($"cut at {length}", cutPath);
        }

        var overwritePath = Path.Combine(directory, "overwritten.gguf");
        File.WriteAllBytes(overwritePath, bytes);
        using (var file = new FileStream(overwritePath, FileMode.Open, FileAccess.ReadWrite))
        {
            foreach (var offset in overwrites)
            {
                foreach (var (name, patch) in Patches(bytes, offset))
                {
                    file.Position = offset;
                    file.Write(patch);
                    file.Flush();
                    Classify($"{name} at {offset}", overwritePath);
                    file.Position = offset;
                    file.Write(bytes, offset, patch.Length);
                    file.Flush();
                }
            }
        }

        output.WriteLine($"{refused + accepted.Count + failures.Count} corrupt variants: {refused} refused with a specific message, {accepted.Count} accepted as harmless, {failures.Count} failures");
        Assert.True(failures.Count == 0, string.Join("\n", failures.Take(20)));
        // Most bytes of the metadata are vocabulary text, where a changed byte is harmless; still, a large share must be caught.
        Assert.True(refused * 10 >= (refused + accepted.Count) * 4, $"only {refused} of {refused + accepted.Count} variants were refused");

        void Classify(string variant, string path)
        {
            try
            {
                GgufModelValidator.Validate(path);
                accepted.Add(variant);
            }
            catch (GgufValidationException exception) when (exception.Message.Contains(Path.GetFileName(path), StringComparison.Ordinal))
            {
                refused++;
            }
            catch (Exception exception)
            {
                failures.Add($"{variant}: {exception.GetType().Name}: {exception.Message}");
            }
        }
    }

    /// <summary>Ways to break the bytes at an offset: flipped, zeroed, a huge 64-bit length or count, a huge 32-bit type tag.</summary>
    private static IEnumerable<(string Name, byte[] Patch)> Patches(byte[] bytes, int offset)
    {
        yield return ("flip", [(byte)(bytes[offset] ^ 0xFF)]);
        yield return ("zero", [0]);
        if (offset + 8 <= bytes.Length)
        {
            yield return ("huge u64", [0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0x7F]);
            yield return ("huge u32", [0xFF, 0xFF, 0xFF, 0x7F]);
        }
    }

    public void Dispose() => Directory.Delete(directory, recursive: true);
}
