namespace Glm.Lsp.Cli;

/// <summary>
/// Which local model a verb runs on: the user's file. The shipped server builds no test model; glm-tools
/// (<c>make-test-model</c>, <c>demo</c>) does, so a missing <c>--model</c> says where to get one.
/// </summary>
internal static class ModelChoice
{
    public static string Resolve(FileInfo? model) => model?.FullName ?? throw new CommandLineException(
        "--model FILE.gguf is required (a ChatGLM3 / GLM-4 / CodeGeeX4 GGUF; `npm start` shows the product on a test model, " +
        "`glm-tools make-test-model --out FILE` writes one)");
}
