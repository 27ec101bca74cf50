namespace Glm.TestSupport;

/// <summary>
/// The glm-lsp.dll that the server project itself built, with its own runtimeconfig and dependencies. Process tests run
/// that one rather than a copy in a test output folder: a test project that references ASP.NET Core (for the fake
/// servers, through this project) gets its framework copy of Microsoft.Extensions.*, which replaces the package files
/// the executable needs.
/// </summary>
public static class BuiltServer
{
    public static string DllPath { get; } = Locate();

    private static string Locate()
    {
        // AppContext.BaseDirectory is tests/<test project>/bin/<Configuration>/<tfm>/.
        var output = new DirectoryInfo(AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar));
        var configuration = output.Parent!.Name;
        var root = output.Parent!.Parent!.Parent!.Parent!.Parent!.FullName;
        var path = Path.Combine(root, "src", "Glm.Lsp", "bin", configuration, output.Name, "glm-lsp.dll");
        return File.Exists(path) ? path : throw new FileNotFoundException($"The server build output {path} is missing; build src/Glm.Lsp first.", path);
    }
}
