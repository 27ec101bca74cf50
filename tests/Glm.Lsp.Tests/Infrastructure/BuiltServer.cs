namespace Glm.Lsp.Tests.Infrastructure;

/// <summary>
/// The glm-lsp.dll that the server project itself built, with its own runtimeconfig and dependencies. Process tests run
/// that one rather than the copy in the test output folder: this project also references ASP.NET Core (for the fake
/// servers), whose framework copy of Microsoft.Extensions.* replaces the package files the executable needs.
/// </summary>
internal static class BuiltServer
{
    public static string DllPath { get; } = Locate();

    private static string Locate()
    {
        // AppContext.BaseDirectory is tests/Glm.Lsp.Tests/bin/<Configuration>/<tfm>/.
        var output = new DirectoryInfo(AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar));
        var configuration = output.Parent!.Name;
        var root = output.Parent!.Parent!.Parent!.Parent!.Parent!.FullName;
        var path = Path.Combine(root, "src", "Glm.Lsp", "bin", configuration, output.Name, "glm-lsp.dll");
        return File.Exists(path) ? path : throw new FileNotFoundException($"The server build output {path} is missing; build src/Glm.Lsp first.", path);
    }
}
