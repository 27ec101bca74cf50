using System.CommandLine;
using Glm.Inference.Gguf;
using Glm.Lsp.Cli;
using Glm.TestModels;

namespace Glm.Tools.Cli;

/// <summary>
/// <c>glm-tools make-test-model</c>: writes the project's own GGUF files — a predictable model built from a corpus, or a
/// model of real GLM shapes with random weights for speed measurements.
/// </summary>
internal static class MakeTestModelCommand
{
    public static Command Create(CommonOptions common)
    {
        var output = new Option<FileInfo>("--out", "-o") { Description = "Where to write the GGUF file.", Required = true };
        var corpus = new Option<FileInfo?>("--corpus")
        {
            Description = "Text file the predictable model replays (default: a short built-in English and Chinese text).",
        };
        var layout = new Option<string>("--layout")
        {
            Description = "Which real model's file layout the model copies (vocabulary, control tokens, architecture).",
            DefaultValueFactory = _ => "glm4",
        };
        layout.AcceptOnlyFromAmong(LayoutNames.Keys.ToArray());
        var shape = new Option<string?>("--shape") { Description = "Write a random-weight model of these shapes instead." };
        shape.AcceptOnlyFromAmong("chatglm3-6b", "glm4-9b", "glm-edge-1.5b", "glm-edge-4b");
        var layers = new Option<int?>("--layers") { Description = "Layer count of a shaped model (default: the real model's)." };
        var quant = new Option<string>("--quant")
        {
            Description = "Weight type of a shaped model.",
            DefaultValueFactory = _ => "q4_0",
        };
        quant.AcceptOnlyFromAmong("q4_0", "q8_0", "f16");

        var command = new Command("make-test-model", "Write a predictable test model, or a GLM-shaped model with random weights.");
        command.Options.Add(output);
        command.Options.Add(corpus);
        command.Options.Add(layout);
        command.Options.Add(shape);
        command.Options.Add(layers);
        command.Options.Add(quant);
        command.SetAction((parseResult, cancellationToken) => CommandRunner.RunAsync(parseResult, common, (_, _) =>
        {
            var path = parseResult.GetRequiredValue(output).FullName;
            var shapeName = parseResult.GetValue(shape);
            if (shapeName is null)
            {
                if (parseResult.GetValue(layers) is not null)
                {
                    throw new CommandLineException("--layers needs --shape");
                }

                var corpusFile = parseResult.GetValue(corpus);
                var chosenLayout = LayoutNames[parseResult.GetRequiredValue(layout)];
                var text = corpusFile is null ? DefaultCorpus.For(chosenLayout) : ReadCorpus(corpusFile);
                EnsureDirectory(path);
                PredictableModelBuilder.Write(path, text, PredictableModelOptions.For(chosenLayout));
                Console.Error.WriteLine($"Wrote predictable model {path} ({chosenLayout} layout, {new FileInfo(path).Length:N0} bytes).");
                return Task.FromResult(0);
            }

            if (parseResult.GetValue(corpus) is not null)
            {
                throw new CommandLineException("--corpus and --shape exclude each other");
            }

            var shapedLayout = LayoutNames[parseResult.GetRequiredValue(layout)];

            var glmShape = shapeName == "glm4-9b" ? GlmShape.Glm4_9B : GlmShape.All.First(s => s.Name == shapeName);
            var blockCount = parseResult.GetValue(layers) ?? glmShape.BlockCount;
            if (blockCount < 1)
            {
                throw new CommandLineException("--layers must be at least 1");
            }

            var type = parseResult.GetValue(quant) switch
            {
                "q8_0" => GgmlType.Q8_0,
                "f16" => GgmlType.F16,
                _ => GgmlType.Q4_0,
            };
            EnsureDirectory(path);
            GlmShapeModelBuilder.Write(path, glmShape, blockCount, type, shapedLayout);
            Console.Error.WriteLine($"Wrote {glmShape.Name}-shaped model ({blockCount} layers, {type}, {shapedLayout} layout) {path} ({new FileInfo(path).Length:N0} bytes).");
            return Task.FromResult(0);
        }, cancellationToken));
        return command;
    }

    private static readonly Dictionary<string, TestModelLayout> LayoutNames = new(StringComparer.Ordinal)
    {
        ["glm4"] = TestModelLayout.Glm4,
        ["chatglm3"] = TestModelLayout.ChatGlm3,
        ["glm4-0414"] = TestModelLayout.Glm4_0414,
        ["codegeex4"] = TestModelLayout.CodeGeeX4,
        ["glmedge"] = TestModelLayout.GlmEdge,
    };

    private static string ReadCorpus(FileInfo file)
    {
        if (!file.Exists)
        {
            throw new FileNotFoundException($"corpus file not found: {file.FullName}", file.FullName);
        }

        var text = File.ReadAllText(file.FullName);
        return text.Length > 0 ? text : throw new CommandLineException($"corpus file is empty: {file.FullName}");
    }

    /// <summary>The writer renames a finished temporary file over the target (never a half file under the final
    /// name); the folder must exist for that.</summary>
    private static void EnsureDirectory(string path)
    {
        var directory = Path.GetDirectoryName(path);
        if (!string.IsNullOrEmpty(directory))
        {
            Directory.CreateDirectory(directory);
        }
    }
}
