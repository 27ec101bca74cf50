using Glm.Inference.TestModels;
using Microsoft.Extensions.Logging;

namespace Glm.Lsp.Cli;

/// <summary>
/// Which model a verb runs on: the user's file, or, when none is given, the predictable test model, built on demand
/// and announced loudly so nobody mistakes its replayed corpus for a real model's answer.
/// </summary>
internal sealed record ModelChoice(string Path, bool IsTestModel)
{
    /// <summary>For the test model: the first words of its corpus, which it continues with the rest of the corpus.</summary>
    public string DemoPrompt { get; init; } = string.Empty;

    public static ModelChoice Resolve(FileInfo? model, ILoggerFactory loggerFactory, TextWriter stderr)
    {
        if (model is not null)
        {
            return new ModelChoice(model.FullName, IsTestModel: false);
        }

        var path = TestModels.Predictable();
        loggerFactory.CreateLogger("model").LogDebug("Predictable test model at {Path}", path);
        stderr.WriteLine("**********************************************************************************");
        stderr.WriteLine("* No --model given: using the PREDICTABLE TEST MODEL built by glm-lsp itself.     *");
        stderr.WriteLine("* It is tiny and only replays its built-in corpus; it is not a language model.     *");
        stderr.WriteLine("* Pass --model FILE.gguf (a ChatGLM3 / GLM-4 / CodeGeeX4 GGUF) for real answers.   *");
        stderr.WriteLine("**********************************************************************************");
        stderr.WriteLine($"Test model: {path}");
        return new ModelChoice(path, IsTestModel: true) { DemoPrompt = DemoPromptText };
    }

    /// <summary>A prefix of the default corpus that ends on a piece boundary, so the model continues it exactly.</summary>
    internal const string DemoPromptText = "Good documentation explains why";
}
