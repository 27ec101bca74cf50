namespace Glm.Lsp.Cli;

/// <summary>A mistake in how a verb was called; reported as one line, like every other error.</summary>
internal sealed class CommandLineException : Exception
{
    public CommandLineException(string message)
        : base(message)
    {
    }

    public CommandLineException()
    {
    }

    public CommandLineException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
