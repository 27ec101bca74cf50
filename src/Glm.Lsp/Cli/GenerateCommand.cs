using System.CommandLine;
using System.Globalization;
using Glm.Inference.Engine;
using Glm.Inference.Generation;
using Microsoft.Extensions.Logging;

namespace Glm.Lsp.Cli;

/// <summary><c>glm-lsp generate</c>: streams one generation to stdout as it is made; statistics go to stderr.</summary>
internal static class GenerateCommand
{
    public static Command Create(CommonOptions common)
    {
        var prompt = new Option<string?>("--prompt", "-p")
        {
            Description = "The prompt. A user turn in the model's chat format unless --raw is given.",
        };
        var raw = new Option<bool>("--raw")
        {
            Description = "Give the prompt to the model as it is, without the chat template (special tokens such as [gMASK] are parsed).",
        };
        var maxTokens = new Option<int>("--max-tokens")
        {
            Description = "Stop after this many generated tokens.",
            DefaultValueFactory = _ => 256,
        };
        var temperature = new Option<float>("--temperature")
        {
            Description = "Sampling temperature; 0 decodes greedily (deterministic).",
            DefaultValueFactory = _ => 0f,
        };

        var command = new Command("generate", "Stream a generation from a local GGUF model to stdout.");
        common.AddModelOptionsTo(command);
        command.Options.Add(prompt);
        command.Options.Add(raw);
        command.Options.Add(maxTokens);
        command.Options.Add(temperature);
        command.SetAction((parseResult, cancellationToken) => CommandRunner.RunAsync(parseResult, common, async (loggerFactory, ct) =>
        {
            var model = ModelChoice.Resolve(parseResult.GetValue(common.Model), loggerFactory, Console.Error);
            var promptText = parseResult.GetValue(prompt);
            var isRaw = parseResult.GetValue(raw);
            if (promptText is null)
            {
                if (!model.IsTestModel)
                {
                    throw new CommandLineException("--prompt is required when --model is given");
                }

                // The predictable model only knows its corpus: the demo prompt is the corpus's first words, as raw text.
                promptText = model.DemoPrompt;
                isRaw = true;
                Console.Error.WriteLine($"Prompt (raw): {promptText}");
            }

            if (parseResult.GetValue(maxTokens) < 1)
            {
                throw new CommandLineException("--max-tokens must be at least 1");
            }

            var options = common.EngineOptionsFor(parseResult, model.Path);
            await using var engine = await LlamaEngine.LoadAsync(options, null, loggerFactory.CreateLogger("engine"), ct);
            var request = new GenerationRequest(
                isRaw ? new RawPrompt(promptText) : ChatPrompt.FromUser(promptText),
                new GenerationOptions
                {
                    MaxTokens = parseResult.GetValue(maxTokens),
                    Temperature = parseResult.GetValue(temperature),
                });

            var stdout = Console.Out;
            GenerationStats? stats = null;
            await foreach (var chunk in engine.GenerateAsync(request, ct))
            {
                await stdout.WriteAsync(chunk.Text);
                await stdout.FlushAsync(ct);
                stats ??= chunk.Completed;
            }

            await stdout.WriteLineAsync();
            if (stats is not null)
            {
                Console.Error.WriteLine(Describe(stats));
            }

            return 0;
        }, cancellationToken));
        return command;
    }

    private static string Describe(GenerationStats stats) => string.Create(
        CultureInfo.InvariantCulture,
        $"[{stats.PromptTokens} prompt tokens ({stats.ReusedPromptTokens} reused) at {stats.PromptTokensPerSecond:F1} tok/s; " +
        $"{stats.GeneratedTokens} generated at {stats.GenerationTokensPerSecond:F1} tok/s; " +
        $"first token after {stats.TimeToFirstToken.TotalMilliseconds:F0} ms; stop: {stats.StopReason}]");
}
