using Glm.TestModels;
using Microsoft.Extensions.Logging;

namespace Glm.Tools.Cli;

/// <summary>
/// The model the demo runs on: the user's file, or, when none is given, the predictable test model, built on demand
/// and announced loudly so nobody mistakes its replayed corpus for a real model's answer.
/// </summary>
internal static class DemoModel
{
    public static string Resolve(FileInfo? model, ILoggerFactory loggerFactory, TextWriter stderr)
    {
        if (model is not null)
        {
            return model.FullName;
        }

        var path = TestModelFiles.Predictable();
        loggerFactory.CreateLogger("model").LogDebug("Predictable test model at {Path}", path);
        stderr.WriteLine("**********************************************************************************");
        stderr.WriteLine("* No --model given: using the PREDICTABLE TEST MODEL built by glm-tools itself.   *");
        stderr.WriteLine("* It is tiny and only replays its built-in corpus; it is not a language model.     *");
        stderr.WriteLine("* Pass --model FILE.gguf (a ChatGLM3 / GLM-4 / CodeGeeX4 GGUF) for real answers.   *");
        stderr.WriteLine("**********************************************************************************");
        stderr.WriteLine($"Test model: {path}");
        return path;
    }
}
