namespace Glm.Lsp;

internal static class Program
{
    public static int Main(string[] args) => args.Length;
}
