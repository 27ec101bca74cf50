using Glm.Inference.Generation;
using Glm.Inference.Prompts;
using Glm.Lsp.Tests.Infrastructure;

namespace Glm.Lsp.Tests.Completion;

/// <summary>
/// CodeGeeX4's <c>###PATH:</c> line names the document relative to the workspace folder holding it, as initialize and
/// workspace/didChangeWorkspaceFolders give the folders. The prompt text is what the engine formats for a
/// CodeGeeX4-ALL-9B file, whose infilling markers are plain text.
/// </summary>
public sealed class WorkspaceRelativePathTests
{
    private const string Code = "def load():\n    # Read the settings file and \n    return None\n";
    private const string Prefix = "def load():\n    # Read the settings file and ";
    private const string Suffix = "\n    return None\n";

    private static readonly ModelDescription CodeGeeX4 = new("codegeex4-all-9b", ModelProfile.CodeGeeX4, true, 4096, "scripted");

    [Fact]
    public async Task The_fill_in_the_middle_prompt_names_the_file_relative_to_its_workspace_folder()
    {
        var generator = new ScriptedGenerator { Model = CodeGeeX4, Respond = _ => "parse it" };
        await using var ready = await ReadySession.StartAsync(
            generator, moreInitializeParams: "\"workspaceFolders\":[{\"uri\":\"file:///home/u/my%20repo\",\"name\":\"my repo\"}]");

        Assert.Equal(ExpectedPrompt("src/app/main.py"), await PromptTextForAsync(ready, "file:///home/u/my%20repo/src/app/main.py"));
    }

    [Fact]
    public async Task Folders_added_and_removed_later_change_the_path_of_the_next_prompt()
    {
        var generator = new ScriptedGenerator { Model = CodeGeeX4, Respond = _ => "parse it" };
        await using var ready = await ReadySession.StartAsync(generator, moreInitializeParams: "\"rootUri\":\"file:///home/u/repo\"");
        Assert.Equal(ExpectedPrompt("src/app/main.py"), await PromptTextForAsync(ready, "file:///home/u/repo/src/app/main.py"));

        await ready.Session.NotifyAsync(
            "workspace/didChangeWorkspaceFolders",
            """{"event":{"added":[{"uri":"file:///home/u/repo/src","name":"src"}],"removed":[]}}""");
        Assert.Equal(ExpectedPrompt("app/util.py"), await PromptTextForAsync(ready, "file:///home/u/repo/src/app/util.py"));

        await ready.Session.NotifyAsync(
            "workspace/didChangeWorkspaceFolders",
            """{"event":{"added":[],"removed":[{"uri":"file:///home/u/repo/src","name":"src"},{"uri":"file:///home/u/repo","name":"repo"}]}}""");
        Assert.Equal(ExpectedPrompt("cli.py"), await PromptTextForAsync(ready, "file:///home/u/repo/src/app/cli.py"));
    }

    [Fact]
    public async Task The_server_asks_for_workspace_folder_changes()
    {
        await using var session = LspTestSession.Start();

        var initialize = await session.InitializeAsync();

        Assert.Contains(
            "\"workspace\":{\"workspaceFolders\":{\"supported\":true,\"changeNotifications\":true}}", initialize, StringComparison.Ordinal);
    }

    private static string ExpectedPrompt(string path) =>
        "[gMASK]<sop><|user|>\n###PATH:" + path + "\n###LANGUAGE:Python\n###MODE:LINE\n"
        + "<|code_suffix|>" + Suffix + "<|code_prefix|>" + Prefix + "<|code_middle|><|assistant|>\n";

    /// <summary>Opens <paramref name="uri"/> with the same code, asks for a suggestion in its comment, and formats the
    /// request the model got as the engine does for CodeGeeX4-ALL-9B.</summary>
    private static async Task<string> PromptTextForAsync(ReadySession ready, string uri)
    {
        var before = ready.Generator.Requests.Count;
        await ready.OpenAsync(uri, "python", Code);
        await ready.InlineAsync(uri, line: 1, character: "    # Read the settings file and ".Length);
        var request = Assert.Single(ready.Generator.Requests.Skip(before));
        var formatter = new PromptFormatter(ModelProfile.CodeGeeX4, supportsFillInTheMiddle: true, fillInTheMiddleMarkersAreTokens: false);
        return formatter.Format(request.Prompt).Text;
    }
}
