using System.Diagnostics;
using System.Text;
using Glm.Inference.Gguf;
using Glm.Lsp.Tests.Infrastructure;
using Glm.TestModels;
using Xunit;

namespace Glm.Lsp.Tests.Cli;

/// <summary>
/// A model file truncated in place while it generates: with a memory map (the old default) the process died with
/// SIGBUS, exit code 135, at the next read of a page past the new end; with the weights read into memory (the default
/// now, glm.useMemoryMap off) the generation does not even notice.
/// </summary>
[Trait("Speed", "Slow")]
public sealed class ModelTruncatedDuringGenerationTests : IDisposable
{
    private readonly string directory = Directory.CreateTempSubdirectory("glm-truncate-").FullName;

    [Fact]
    public async Task A_model_file_truncated_in_place_under_a_running_generation_does_not_end_the_process()
    {
        var model = Path.Combine(directory, "model.gguf");
        File.Copy(TestModelFiles.Shaped(GlmShape.ChatGlm3_6B, 1, GgmlType.Q4_0), model);
        var start = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            StandardOutputEncoding = Encoding.UTF8,
        };
        foreach (var argument in new[] { BuiltServer.DllPath, "generate", "--model", model, "--raw", "--prompt", "[gMASK]sop the", "--max-tokens", "48" })
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start)!;
        var stderr = process.StandardError.ReadToEndAsync();
        var output = new StringBuilder();
        var buffer = new char[1];
        // The first streamed character shows the model is loaded and generating: then the file loses all but its header.
        while (await process.StandardOutput.ReadAsync(buffer) > 0 && output.Append(buffer[0]).ToString().Trim().Length == 0)
        {
        }

        await using (var file = new FileStream(model, FileMode.Open, FileAccess.Write))
        {
            file.SetLength(4096);
        }

        output.Append(await process.StandardOutput.ReadToEndAsync());
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        await process.WaitForExitAsync(timeout.Token);

        Assert.True(process.ExitCode == 0, $"exit code {process.ExitCode}; stderr: {await stderr}");
        Assert.Equal(4096, new FileInfo(model).Length);
        Assert.NotEmpty(output.ToString().Trim());
    }

    public void Dispose() => Directory.Delete(directory, recursive: true);
}
