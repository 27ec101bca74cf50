using Glm.Tools.Tests.Infrastructure;

namespace Glm.Tools.Tests.Cli;

/// <summary><c>glm-tools make-test-model --layout</c>, then <c>glm-lsp generate --raw</c> and <c>doctor</c> on a real family's layout.</summary>
[Trait("Speed", "Slow")]
public sealed class ModelLayoutCommandTests
{
    [Fact]
    public async Task A_chatglm3_layout_model_continues_the_people_raw_and_doctor_names_its_profile_and_evidence()
    {
        var directory = Directory.CreateTempSubdirectory("glm-cli-");
        try
        {
            var model = Path.Combine(directory.FullName, "chatglm3.gguf");

            var made = await ToolProcess.ToolsAsync("make-test-model", "--out", model, "--layout", "chatglm3");
            var generated = await ToolProcess.ServerAsync("generate", "--model", model, "--raw", "--prompt", "The people");
            var doctor = await ToolProcess.ServerAsync("doctor", "--model", model, "--tokens", "4");

            Assert.Equal(0, made.ExitCode);
            Assert.StartsWith($"Wrote predictable model {model} (ChatGlm3 layout, ", made.Stderr, StringComparison.Ordinal);
            Assert.Equal((0, " develop philosophy: Aesop saw that leopard\n"), (generated.ExitCode, generated.Stdout));
            Assert.Equal(0, doctor.ExitCode);
            Assert.Contains("profile              ChatGlm3 (control token 'sop' without brackets)", doctor.Stdout.Split('\n'));
        }
        finally
        {
            directory.Delete(recursive: true);
        }
    }

    [Fact]
    public async Task A_glmedge_layout_model_answers_a_chat_and_doctor_names_its_profile_and_evidence()
    {
        var directory = Directory.CreateTempSubdirectory("glm-cli-");
        try
        {
            var model = Path.Combine(directory.FullName, "edge.gguf");

            var made = await ToolProcess.ToolsAsync("make-test-model", "--out", model, "--layout", "glmedge");
            var generated = await ToolProcess.ServerAsync("generate", "--model", model, "--prompt", "Hi");
            var doctor = await ToolProcess.ServerAsync("doctor", "--model", model, "--tokens", "4");

            Assert.Equal(0, made.ExitCode);
            Assert.StartsWith($"Wrote predictable model {model} (GlmEdge layout, ", made.Stderr, StringComparison.Ordinal);
            Assert.Equal((0, "Hi there! How can I help you today?\n"), (generated.ExitCode, generated.Stdout));
            Assert.Equal(0, doctor.ExitCode);
            Assert.Contains("profile              GlmEdge (general.name 'glm-edge-1.5b-chat')", doctor.Stdout.Split('\n'));
            Assert.Contains("fill-in-the-middle   no", doctor.Stdout.Split('\n'));
        }
        finally
        {
            directory.Delete(recursive: true);
        }
    }

    [Fact]
    public async Task A_shaped_model_in_the_chatglm3_layout_is_written_and_doctor_recognises_chatglm3()
    {
        var directory = Directory.CreateTempSubdirectory("glm-cli-");
        try
        {
            var model = Path.Combine(directory.FullName, "shaped.gguf");

            var made = await ToolProcess.ToolsAsync("make-test-model", "--out", model, "--shape", "chatglm3-6b", "--layers", "1", "--layout", "chatglm3");
            var doctor = await ToolProcess.ServerAsync("doctor", "--model", model, "--tokens", "2");

            Assert.Equal(0, made.ExitCode);
            Assert.StartsWith($"Wrote chatglm3-6b-shaped model (1 layers, Q4_0, ChatGlm3 layout) {model} (", made.Stderr, StringComparison.Ordinal);
            Assert.Equal(0, doctor.ExitCode);
            Assert.Contains("profile              ChatGlm3 (control token 'sop' without brackets)", doctor.Stdout.Split('\n'));
        }
        finally
        {
            directory.Delete(recursive: true);
        }
    }
}
