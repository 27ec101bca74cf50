using System.Reflection;
using Glm.Inference.Gguf;

namespace Glm.Lsp.Cli;

/// <summary>
/// Turns any failure of a verb into the one line a user reads on stderr ("glm-lsp: …", or "glm-tools: …" in the
/// developer tools, which share this plumbing) and an exit code.
/// Stack traces are for <c>--verbose</c> only: a user needs to know what to fix, not where we noticed.
/// </summary>
internal static class CliErrors
{
    public const int Failure = 1;
    public const int Cancelled = 130;

    private static readonly string ProgramName = Assembly.GetEntryAssembly()?.GetName().Name ?? "glm-lsp";

    public static int Report(Exception exception, bool verbose, TextWriter stderr)
    {
        if (exception is OperationCanceledException)
        {
            stderr.WriteLine($"{ProgramName}: cancelled");
            return Cancelled;
        }

        stderr.WriteLine($"{ProgramName}: {Describe(exception)}");
        if (verbose)
        {
            stderr.WriteLine(exception.ToString());
        }

        return Failure;
    }

    /// <summary>The message of the exception that says most: our own validation messages are already complete sentences.</summary>
    public static string Describe(Exception exception) => exception switch
    {
        GgufValidationException validation => validation.Message,
        FileNotFoundException notFound => $"file not found: {notFound.FileName ?? notFound.Message}",
        DirectoryNotFoundException => exception.Message,
        UnauthorizedAccessException => exception.Message,
        AggregateException { InnerExceptions.Count: 1 } aggregate => Describe(aggregate.InnerExceptions[0]),
        _ => exception.Message,
    };
}
