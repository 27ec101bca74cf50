using System.CommandLine;
using System.Text;
using Glm.Tools.Cli;

namespace Glm.Tools;

internal static class Program
{
    public static Task<int> Main(string[] args)
    {
        // Generated text is UTF-8 (Chinese included) whatever the terminal's locale says.
        Console.OutputEncoding = new UTF8Encoding(encoderShouldEmitUTF8Identifier: false);
        return ToolsApplication.Build().Parse(args).InvokeAsync();
    }
}
