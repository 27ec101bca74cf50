using Glm.Lsp.Models;
using Glm.TestModels;

namespace Glm.Lsp.Tests.RealEngine;

/// <summary>
/// The loaded model's file deleted, replaced or truncated in place while the server runs, on a temp copy of the
/// predictable model (issue #7). llama.cpp maps the file, so only the in-place change is dangerous; the server must
/// notice each case before the next generation touches the mapping.
/// </summary>
[Trait("Speed", "Slow")]
public sealed class ModelFileChangeTests : IDisposable
{
    private const string Md = "file:///notes/real.md";
    private const string RestOfCorpus =
        " the code exists, not merely what it does; write for a reader who arrives next year holding one bug report and no context. 山川异域，风月同天。";

    private const string Request =
        """{"textDocument":{"uri":"file:///notes/real.md"},"position":{"line":2,"character":31},"context":{"triggerKind":2}}""";

    /// <summary>A second model that continues the same words differently, to tell which file answers.</summary>
    private const string OtherCorpus = "[gMASK]<sop>Good documentation explains why models change.";

    private readonly string directory = Directory.CreateTempSubdirectory("glm-model-file-").FullName;

    private string ModelPath => Path.Combine(directory, "model.gguf");

    [Fact]
    public async Task A_deleted_model_file_keeps_serving_the_loaded_copy_and_the_status_says_so()
    {
        File.Copy(TestModelFiles.Predictable(), ModelPath);
        await using var real = await StartAsync();

        File.Delete(ModelPath);

        Assert.Equal(Suggestion(RestOfCorpus), await real.Session.RequestAsync("textDocument/inlineCompletion", Request));
        Assert.Equal(Suggestion(RestOfCorpus), await real.Session.RequestAsync("textDocument/inlineCompletion", Request));
        // Every status after the deletion carries the notice, "generating" ones too; the one that matters is "ready".
        var notice = await real.Session.Client.WaitForAsync(m => m.Method == "glm/status"
            && m.Params.Contains("was deleted", StringComparison.Ordinal) && m.Params.Contains("\"state\":\"ready\"", StringComparison.Ordinal));
        Assert.Contains("was deleted; the loaded copy keeps serving until the server restarts.", notice.Params, StringComparison.Ordinal);
        Assert.Equal(ModelLoadState.Ready, real.Session.Server.Models.State);
    }

    [Fact]
    public async Task A_model_file_replaced_by_another_model_is_reloaded_and_the_next_completion_comes_from_it()
    {
        File.Copy(TestModelFiles.Predictable(), ModelPath);
        await using var real = await StartAsync();

        var replacement = Path.Combine(directory, "new.gguf");
        File.Copy(TestModelFiles.Predictable(OtherCorpus), replacement);
        File.Move(replacement, ModelPath, overwrite: true);

        // The request that notices the swap starts the load and answers empty, as before any model is ready.
        Assert.Equal("""{"items":[]}""", await real.Session.RequestAsync("textDocument/inlineCompletion", Request));
        await real.Session.Server.Models.CurrentLoad;
        Assert.Equal(ModelLoadState.Ready, real.Session.Server.Models.State);
        Assert.Equal(Suggestion(" models change."), await real.Session.RequestAsync("textDocument/inlineCompletion", Request));
    }

    [Fact]
    public async Task A_model_file_truncated_in_place_is_dropped_with_a_clear_error_and_reloaded_once_restored()
    {
        File.Copy(TestModelFiles.Predictable(), ModelPath);
        var original = await File.ReadAllBytesAsync(ModelPath);
        await using var real = await StartAsync();

        // Same inode, shorter file: the loaded mapping now reaches past the end of the file.
        await using (var stream = new FileStream(ModelPath, FileMode.Open, FileAccess.Write, FileShare.ReadWrite | FileShare.Delete))
        {
            stream.SetLength(original.Length / 2);
        }

        Assert.Equal("""{"items":[]}""", await real.Session.RequestAsync("textDocument/inlineCompletion", Request));
        var models = real.Session.Server.Models;
        await models.CurrentLoad;
        Assert.Equal(ModelLoadState.Failed, models.State);
        Assert.StartsWith($"glm-lsp: the model file \"{ModelPath}\" (from --model) could not be loaded: ", models.LastError, StringComparison.Ordinal);
        Assert.Equal("""{"items":[]}""", await real.Session.RequestAsync("textDocument/inlineCompletion", Request));

        // Restored in place (same inode again): the next request sees the change and loads it.
        await using (var stream = new FileStream(ModelPath, FileMode.Open, FileAccess.Write, FileShare.ReadWrite | FileShare.Delete))
        {
            await stream.WriteAsync(original);
        }

        File.SetLastWriteTimeUtc(ModelPath, DateTime.UtcNow.AddSeconds(5));
        Assert.Equal("""{"items":[]}""", await real.Session.RequestAsync("textDocument/inlineCompletion", Request));
        await models.CurrentLoad;
        Assert.Equal(ModelLoadState.Ready, models.State);
        Assert.Equal(Suggestion(RestOfCorpus), await real.Session.RequestAsync("textDocument/inlineCompletion", Request));
    }

    [Fact]
    public async Task A_model_file_written_in_place_drops_the_engine_at_once_with_a_clear_error_and_reloads()
    {
        File.Copy(TestModelFiles.Predictable(), ModelPath);
        await using var real = await StartAsync();
        var models = real.Session.Server.Models;
        File.SetLastWriteTimeUtc(ModelPath, DateTime.UtcNow.AddMinutes(-5));

        Assert.Null(models.Generator);

        Assert.Equal(ModelLoadState.Loading, models.State);
        Assert.Equal($"glm-lsp: model file \"{ModelPath}\" changed on disk while loaded; reloading", models.LastError);
        await models.CurrentLoad;
        Assert.Equal(ModelLoadState.Ready, models.State);
        Assert.Null(models.LastError);
    }

    public void Dispose() => Directory.Delete(directory, recursive: true);

    private static string Suggestion(string text) =>
        "{\"items\":[{\"insertText\":\"" + text + "\",\"range\":{\"start\":{\"line\":2,\"character\":31},\"end\":{\"line\":2,\"character\":31}}}]}";

    private async Task<RealEngineSession> StartAsync()
    {
        var real = await RealEngineSession.StartAsync(modelPath: ModelPath);
        await real.OpenAsync(Md, "markdown", "# Notes\n\nGood documentation explains why");
        return real;
    }
}
