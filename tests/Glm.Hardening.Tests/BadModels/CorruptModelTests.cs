using Glm.Hardening.Tests.Infrastructure;
using Glm.Inference.Engine;
using Glm.Inference.Gguf;
using Glm.TestModels;
using Xunit.Abstractions;

namespace Glm.Hardening.Tests.BadModels;

/// <summary>
/// A corpus of broken GGUF files made from the valid predictable model: cut at every byte of the header and at
/// hundreds of points of the metadata and tensor table, bytes overwritten (flipped, zeroed, set to huge values)
/// across the same region, and each tensor's data offset moved out of bounds or off its alignment. Every variant must
/// be refused by the managed validator with a GgufValidationException naming the file, or accepted (a change inside a
/// string or the tensor data can be harmless); never another exception. Some variants are known to be broken and must
/// be refused: every cut (the tensor data runs to the last byte, so any shorter file lacks some of it) and every
/// moved offset. Accepting one of those is a failure, so a validator that lets truncated data through is caught.
/// </summary>
[Trait("Speed", "Slow")]
public sealed class CorruptModelTests(ITestOutputHelper output) : IDisposable
{
    private readonly string directory = Directory.CreateTempSubdirectory("glm-corrupt-").FullName;

    [Fact]
    public void Every_cut_and_overwritten_variant_is_refused_with_a_specific_message_or_accepted()
    {
        var source = TestModelFiles.Predictable();
        var bytes = File.ReadAllBytes(source);
        var model = GgufReader.Read(source);
        var metadataEnd = (int)model.DataOffset;
        // The premise of "every cut must be refused": the last tensor ends at the last byte.
        Assert.Equal(bytes.Length, model.Tensors.Max(t => t.End));
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
            Classify($"cut at {length}", cutPath, mustRefuse: true);
        }

        var offsetPath = Path.Combine(directory, "offset.gguf");
        File.WriteAllBytes(offsetPath, bytes);
        using (var file = new FileStream(offsetPath, FileMode.Open, FileAccess.ReadWrite))
        {
            foreach (var (variant, at, offset) in MovedOffsets(model, bytes))
            {
                file.Position = at;
                file.Write(BitConverter.GetBytes(offset));
                file.Flush();
                Classify(variant, offsetPath, mustRefuse: true);
                file.Position = at;
                file.Write(bytes, (int)at, sizeof(ulong));
                file.Flush();
            }
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

        void Classify(string variant, string path, bool mustRefuse = false)
        {
            try
            {
                GgufModelValidator.Validate(path);
                if (mustRefuse)
                {
                    failures.Add($"{variant}: accepted, but the file is broken and must be refused");
                    return;
                }

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

    /// <summary>
    /// For each tensor, the position of its data offset in the tensor table and offsets that must be refused: the first
    /// aligned offset past the data (out of bounds), one alignment step past its own (out of bounds for the last tensor,
    /// overlapping otherwise — refused only when it runs past the end) and one byte past its own (misaligned).
    /// </summary>
    private static IEnumerable<(string Variant, long At, ulong Offset)> MovedOffsets(GgufFile model, byte[] bytes)
    {
        var dataSize = (ulong)(bytes.Length - model.DataOffset);
        var pastTheData = (dataSize + model.Alignment - 1) / model.Alignment * model.Alignment;
        var searchFrom = 24;
        foreach (var tensor in model.Tensors)
        {
            // A tensor table entry: name length (u64), name, dimension count (u32), dims (u64 each), type (u32), offset (u64).
            var name = System.Text.Encoding.UTF8.GetBytes(tensor.Name);
            var entry = IndexOfEntry(bytes, name, searchFrom);
            var at = entry + sizeof(ulong) + name.Length + sizeof(uint) + (tensor.Dims.Count * sizeof(ulong)) + sizeof(uint);
            var own = BitConverter.ToUInt64(bytes, at);
            Assert.Equal(tensor.Offset - model.DataOffset, (long)own);
            searchFrom = at;
            yield return ($"offset of {tensor.Name} past the data ({pastTheData})", at, pastTheData);
            yield return ($"offset of {tensor.Name} misaligned ({own + 1})", at, own + 1);
            if (tensor.End == bytes.Length)
            {
                yield return ($"offset of the last tensor {tensor.Name} one alignment step on ({own + model.Alignment})", at, own + model.Alignment);
            }
        }
    }

    /// <summary>Where the table entry for a tensor name starts: its u64 length prefix followed by the name.</summary>
    private static int IndexOfEntry(byte[] bytes, byte[] name, int from)
    {
        var prefixed = BitConverter.GetBytes((ulong)name.Length).Concat(name).ToArray();
        var index = bytes.AsSpan(from).IndexOf(prefixed);
        Assert.True(index >= 0, $"the tensor table entry of {System.Text.Encoding.UTF8.GetString(name)} was not found");
        return from + index;
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
