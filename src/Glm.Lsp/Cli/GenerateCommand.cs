using System.CommandLine;
using System.Globalization;
using Glm.Inference.Engine;
using Glm.Inference.Generation;
using Glm.Inference.Remote;
using Glm.Lsp.Models;
using Glm.Lsp.Settings;
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

        var endpoint = new Option<string?>("--endpoint")
        {
            Description = "Stream from an OpenAI-compatible server at this API base (such as http://127.0.0.1:8080/v1) instead of a local model. The API key is read from GLM_LSP_API_KEY.",
        };
        var remoteModel = new Option<string?>("--remote-model")
        {
            Description = "The model name on the --endpoint server (required with --endpoint).",
        };
        var allowInsecureHttp = new Option<bool>("--allow-insecure-http")
        {
            Description = "Allow plain http:// to an --endpoint that is not this machine.",
        };

        var command = new Command("generate", "Stream a generation from a local GGUF model (or an OpenAI-compatible --endpoint) to stdout.");
        common.AddModelOptionsTo(command);
        command.Options.Add(endpoint);
        command.Options.Add(remoteModel);
        command.Options.Add(allowInsecureHttp);
        command.Options.Add(prompt);
        command.Options.Add(raw);
        command.Options.Add(maxTokens);
        command.Options.Add(temperature);
        command.SetAction((parseResult, cancellationToken) => CommandRunner.RunAsync(parseResult, common, async (loggerFactory, ct) =>
        {
            if (parseResult.GetValue(maxTokens) < 1)
            {
                throw new CommandLineException("--max-tokens must be at least 1");
            }

            if (parseResult.GetValue(endpoint) is { } endpointUrl)
            {
                var remote = new RemoteModelSettings(
                    endpointUrl,
                    parseResult.GetValue(remoteModel) ?? throw new CommandLineException("--remote-model is required with --endpoint"),
                    parseResult.GetValue(allowInsecureHttp),
                    Proxy: "",
                    CaCertificates: "");
                var promptForRemote = parseResult.GetValue(prompt) ?? throw new CommandLineException("--prompt is required with --endpoint");
                var remoteOptions = RemoteGeneratorFactory.CreateOptions(remote, apiKey: null, allowInsecureHint: "pass --allow-insecure-http");
                await using var remoteGenerator = new OpenAiCompatibleGenerator(remoteOptions, loggerFactory.CreateLogger("remote"));
                return await StreamAsync(remoteGenerator, Request(promptForRemote, parseResult.GetValue(raw), parseResult, maxTokens, temperature), ct);
            }

            var modelPath = ModelChoice.Resolve(parseResult.GetValue(common.Model));
            var promptText = parseResult.GetValue(prompt) ?? throw new CommandLineException("--prompt is required when --model is given");
            var options = common.EngineOptionsFor(parseResult, modelPath);
            await using var engine = await LlamaEngine.LoadAsync(options, null, loggerFactory.CreateLogger("engine"), ct);
            return await StreamAsync(engine, Request(promptText, parseResult.GetValue(raw), parseResult, maxTokens, temperature), ct);
        }, cancellationToken));
        return command;
    }

    private static GenerationRequest Request(string promptText, bool isRaw, ParseResult parseResult, Option<int> maxTokens, Option<float> temperature) => new(
        isRaw ? new RawPrompt(promptText) : ChatPrompt.FromUser(promptText),
        new GenerationOptions
        {
            MaxTokens = parseResult.GetValue(maxTokens),
            Temperature = parseResult.GetValue(temperature),
        });

    /// <summary>Writes each chunk to stdout as it arrives, then the statistics to stderr. The same for both engines.</summary>
    private static async Task<int> StreamAsync(ITextGenerator generator, GenerationRequest request, CancellationToken cancellationToken)
    {
        var stdout = Console.Out;
        GenerationStats? stats = null;
        await foreach (var chunk in generator.GenerateAsync(request, cancellationToken))
        {
            await stdout.WriteAsync(chunk.Text);
            await stdout.FlushAsync(cancellationToken);
            stats ??= chunk.Completed;
        }

        await stdout.WriteLineAsync();
        if (stats is not null)
        {
            Console.Error.WriteLine(Describe(stats));
        }

        return 0;
    }

    private static string Describe(GenerationStats stats) => string.Create(
        CultureInfo.InvariantCulture,
        $"[{stats.PromptTokens} prompt tokens ({stats.ReusedPromptTokens} reused) at {stats.PromptTokensPerSecond:F1} tok/s; " +
        $"{stats.GeneratedTokens} generated at {stats.GenerationTokensPerSecond:F1} tok/s " +
        $"({stats.AcceptedDraftTokens} of {stats.DraftedTokens} drafted tokens accepted in {stats.VerifySteps} verify steps); " +
        $"first token after {stats.TimeToFirstToken.TotalMilliseconds:F0} ms; stop: {stats.StopReason}]");
}
