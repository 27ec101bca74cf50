using System.Text;
using Glm.Inference.Engine;
using Glm.Inference.Generation;
using Glm.Inference.Gguf;
using Glm.TestModels;

namespace Glm.Inference.Tests.Engine;

/// <summary>The predictable models the engine tests run on, and helpers to load and read them.</summary>
internal static class EngineTestModels
{
    /// <summary>Lines that end in distinct newline runs, so every token of the corpus occurs once.</summary>
    public const string LinesCorpus = "[gMASK]<sop>first line\nsecond row\n\nthird part ends here\n\n\nlast";

    /// <summary>Turn markers in the middle of text: the model would run past them if the engine did not stop there.</summary>
    public const string TurnMarkersCorpus = "[gMASK]<sop>call tool<|observation|>result text<|user|>next question";

    public const int LongCorpusWordCount = 1500;

    private static readonly Lazy<string> LinesModel = new(() => TestModelFiles.Predictable(LinesCorpus));
    private static readonly Lazy<string> TurnMarkersModel = new(() => TestModelFiles.Predictable(TurnMarkersCorpus));
    private static readonly Lazy<string> LongModel = new(() => TestModelFiles.Predictable(
        LongCorpus, new PredictableModelOptions { MatrixType = global::Glm.Inference.Gguf.GgmlType.F16 }));

    private static readonly Lazy<string> ByteTokenModel = new(() => TestModelFiles.Predictable(
        DefaultCorpus.Text, new PredictableModelOptions { UnmergedPieces = [DefaultCorpus.MultiByteCharacterPiece] }));

    private static readonly Lazy<string> ZeroedModel = new(() =>
    {
        var source = TestModelFiles.Predictable();
        return TestModelCache.GetOrCreate("zeroed", Path.GetFileName(source), temporary =>
        {
            var bytes = File.ReadAllBytes(source);
            bytes.AsSpan((int)GgufReader.Read(source).DataOffset).Clear();
            File.WriteAllBytes(temporary, bytes);
        });
    });

    public static string Default => TestModelFiles.Predictable();

    public static string Lines => LinesModel.Value;

    public static string TurnMarkers => TurnMarkersModel.Value;

    /// <summary>A corpus of <see cref="LongCorpusWordCount"/> distinct three-letter words, one token each.</summary>
    public static string Long => LongModel.Value;

    /// <summary>The default corpus with "。" left as three byte tokens.</summary>
    public static string ByteTokens => ByteTokenModel.Value;

    /// <summary>The default model with every byte of its tensor data zeroed: every token gets the same logit.</summary>
    public static string Zeroed => ZeroedModel.Value;

    public static string LongCorpus => "[gMASK]<sop>" + Words(0, LongCorpusWordCount);

    /// <summary>Words <paramref name="start"/> .. start+count−1 of the long corpus, each with its leading space.</summary>
    public static string Words(int start, int count)
    {
        var text = new StringBuilder();
        for (var i = start; i < start + count; i++)
        {
            text.Append(' ').Append((char)('b' + (i / 676))).Append((char)('a' + (i / 26 % 26))).Append((char)('a' + (i % 26)));
        }

        return text.ToString();
    }

    /// <summary>A copy of <paramref name="path"/> under a name of its own (delete it after use), so that whether the
    /// file is mapped tells about this test's engine alone.</summary>
    public static string PrivateCopy(string path)
    {
        var copy = Path.Combine(Path.GetTempPath(), $"glm-lsp-engine-{Guid.NewGuid():N}.gguf");
        File.Copy(path, copy);
        return copy;
    }

    /// <summary>True while the process maps <paramref name="path"/>: with <see cref="EngineOptions.UseMemoryMap"/>, as long
    /// as llama.cpp holds the weights.</summary>
    public static bool IsMapped(string path) =>
        File.ReadLines("/proc/self/maps").Any(line => line.EndsWith(" " + path, StringComparison.Ordinal));

    public static Task<LlamaEngine> LoadAsync(string path, int contextSize = 2048, int slots = 2) =>
        LlamaEngine.LoadAsync(
            new EngineOptions(path) { ContextSize = contextSize, Slots = slots, Threads = 1, BatchSize = 512 },
            null,
            null,
            CancellationToken.None);

    public static async Task<GenerationResult> RunAsync(
        this LlamaEngine engine,
        Prompt prompt,
        GenerationOptions? options = null,
        RequestPriority priority = RequestPriority.UserAction,
        string? supersedeKey = null,
        long supersedeVersion = 0,
        CancellationToken cancellationToken = default)
    {
        var request = new GenerationRequest(prompt, options ?? GenerationOptions.Greedy)
        {
            Priority = priority,
            SupersedeKey = supersedeKey,
            SupersedeVersion = supersedeVersion,
        };
        var chunks = new List<string>();
        GenerationStats? stats = null;
        await foreach (var chunk in engine.GenerateAsync(request, cancellationToken))
        {
            if (chunk.Text.Length > 0)
            {
                chunks.Add(chunk.Text);
            }

            stats ??= chunk.Completed;
        }

        return new GenerationResult(string.Concat(chunks), chunks, stats ?? throw new InvalidOperationException("The stream ended without stats."));
    }
}

internal sealed record GenerationResult(string Text, IReadOnlyList<string> Chunks, GenerationStats Stats);
