using Glm.Inference.Engine;

namespace Glm.Inference.Tests.Engine;

public sealed class LoadFailureMessageTests
{
    [Fact]
    public void The_captured_llama_cpp_lines_are_joined_without_their_prefix()
    {
        var message = LoadFailureMessage.For(
            "/models/glm.gguf",
            ["llama.cpp: llama_model_load: error loading model: key not found", "llama.cpp: failed to load model", "no prefix: llama.cpp: inside"]);

        Assert.Equal(
            "llama.cpp could not load '/models/glm.gguf': llama_model_load: error loading model: key not found | failed to load model | no prefix: inside",
            message);
    }

    [Fact]
    public void One_line_is_the_whole_reason()
    {
        Assert.Equal("llama.cpp could not load 'a.gguf': out of memory", LoadFailureMessage.For("a.gguf", ["llama.cpp: out of memory"]));
    }

    [Fact]
    public void Without_captured_lines_the_message_says_llama_cpp_gave_no_reason()
    {
        // No logger means nothing was captured (null); a logger that saw no warning captured an empty list.
        Assert.Equal("llama.cpp could not load 'a.gguf': llama.cpp gave no reason", LoadFailureMessage.For("a.gguf", null));
        Assert.Equal("llama.cpp could not load 'a.gguf': llama.cpp gave no reason", LoadFailureMessage.For("a.gguf", []));
    }
}
