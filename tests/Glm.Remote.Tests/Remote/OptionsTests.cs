using System.Collections.Concurrent;
using Glm.Inference.Generation;
using Glm.Inference.Remote;
using Glm.Remote.Tests.Support;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using static Glm.Remote.Tests.Remote.RemoteTestHelpers;

namespace Glm.Remote.Tests.Remote;

public class OptionsTests
{
    [Fact]
    public void Plain_http_to_another_host_is_refused_unless_allowed()
    {
        var options = new RemoteBackendOptions { Endpoint = new Uri("http://gpu-box.corp.example:8000/v1"), Model = "glm-4-9b-chat" };

        var error = Assert.Throws<RemoteBackendException>(() => new OpenAiCompatibleGenerator(options, environment: _ => null));

        Assert.Equal(RemoteErrorKind.InsecureEndpointRefused, error.Kind);
        Assert.Equal(
            "Refusing plain HTTP to gpu-box.corp.example: the API key and your code would cross the network unencrypted. Use https://, or set allowInsecureRemote to true if this network is trusted.",
            error.Message);
    }

    [Theory]
    [InlineData("http://gpu-box.corp.example:8000/v1", true, "http://gpu-box.corp.example:8000/v1/")]
    [InlineData("http://localhost:8080", false, "http://localhost:8080/v1/")]
    [InlineData("http://127.0.0.1:8080/v1/", false, "http://127.0.0.1:8080/v1/")]
    [InlineData("http://[::1]:8080/api/v1", false, "http://[::1]:8080/api/v1/")]
    [InlineData("https://open.bigmodel.cn/api/paas/v4", false, "https://open.bigmodel.cn/api/paas/v4/")]
    [InlineData("https://user:password@models.corp.example/v1?x=1", false, "https://models.corp.example/v1/")]
    public void Allowed_endpoints_get_a_normalised_api_base(string endpoint, bool allowInsecure, string apiBase)
    {
        var endpoints = new RemoteEndpoints(new Uri(endpoint), allowInsecure);

        Assert.Equal(apiBase, endpoints.ApiBase.ToString());
    }

    [Fact]
    public void Options_never_print_the_api_key()
    {
        var options = new RemoteBackendOptions { Endpoint = new Uri("https://api.example/v1"), Model = "glm-4", ApiKey = "sk-very-secret" };

        Assert.Equal("RemoteBackendOptions { Endpoint = https://api.example/v1, Model = glm-4, ApiKey = (redacted) }", options.ToString());
    }

    [Fact]
    public async Task The_api_key_comes_from_GLM_LSP_API_KEY_when_the_caller_gives_none()
    {
        var authorizations = new ConcurrentQueue<string>();
        await using var server = await LocalHttpServer.StartAsync(app =>
        {
            VllmServer.MapModels(app, "vllm", "glm-4-9b-chat");
            app.MapPost("/v1/chat/completions", (HttpContext context) =>
            {
                authorizations.Enqueue(context.Request.Headers.Authorization.ToString());
                return VllmServer.WriteEventsAsync(context, VllmServer.ChatChunk("ok", "stop"), VllmServer.Done);
            });
        });
        var environment = new Dictionary<string, string> { ["GLM_LSP_API_KEY"] = "from-env" };
        await using var generator = new OpenAiCompatibleGenerator(Options(server.BaseUrl, apiKey: null), environment: name => environment.GetValueOrDefault(name));

        await CollectAsync(generator, ChatPrompt.FromUser("hi"));

        Assert.Equal(["Bearer from-env"], authorizations.ToArray());
    }

    [Theory]
    [InlineData("THUDM/codegeex4-all-9b", ModelProfile.CodeGeeX4)]
    [InlineData("chatglm3-6b", ModelProfile.ChatGlm3)]
    [InlineData("THUDM/GLM-4-9B-0414", ModelProfile.Glm4_0414)]
    [InlineData("glm-4-9b-chat", ModelProfile.Glm4)]
    [InlineData("THUDM/glm-edge-1.5b-chat", ModelProfile.GlmEdge)]
    [InlineData("zai-org/GLM-Edge-4B-Chat", ModelProfile.GlmEdge)]
    public void The_prompt_profile_is_guessed_from_the_model_name(string model, ModelProfile profile) =>
        Assert.Equal(profile, RemotePromptFormatter.GuessProfile(model));

    [Fact]
    public void A_glm_edge_continuation_for_a_llama_cpp_server_gets_no_start_tokens()
    {
        var call = RemotePromptFormatter.Format(new FillInTheMiddlePrompt("int main() {", "}"), ModelProfile.GlmEdge, useCompletions: true, addGlmPrefix: true);

        Assert.Equal("""{"prompt":"int main() {"}""", call.PromptFields.ToJsonString());
    }

    [Fact]
    public void Fill_in_the_middle_for_a_model_without_fim_tokens_is_a_continuation_of_the_prefix()
    {
        var call = RemotePromptFormatter.Format(new FillInTheMiddlePrompt("int main() {", "}"), ModelProfile.Glm4, useCompletions: true, addGlmPrefix: false);

        Assert.Equal(RemoteApi.Completions, call.Api);
        Assert.Equal("""{"prompt":"int main() {"}""", call.PromptFields.ToJsonString());
    }

    [Fact]
    public void Continuation_on_a_llama_cpp_server_carries_the_glm_start_tokens()
    {
        var glm4 = RemotePromptFormatter.Format(new FillInTheMiddlePrompt("int main() {", "}"), ModelProfile.Glm4, useCompletions: true, addGlmPrefix: true);
        var chatGlm3 = RemotePromptFormatter.Format(new FillInTheMiddlePrompt("x", "}"), ModelProfile.ChatGlm3, useCompletions: true, addGlmPrefix: true);

        Assert.Equal("[gMASK]<sop>int main() {", glm4.PromptFields["prompt"]!.GetValue<string>());
        Assert.Equal("[gMASK]sopx", chatGlm3.PromptFields["prompt"]!.GetValue<string>());
    }

    [Fact]
    public void CodeGeeX_fill_in_the_middle_leaves_out_an_unknown_path_and_writes_an_empty_language_line()
    {
        var call = RemotePromptFormatter.Format(new FillInTheMiddlePrompt("a", "b"), ModelProfile.CodeGeeX4, useCompletions: false, addGlmPrefix: false);

        // The infilling guide writes ###LANGUAGE: always, empty when the language is unknown.
        Assert.Equal("###LANGUAGE:\n###MODE:LINE\n<|code_suffix|>b<|code_prefix|>a<|code_middle|>", call.PromptFields["messages"]![0]!["content"]!.GetValue<string>());
    }

    [Fact]
    public void CodeGeeX_fill_in_the_middle_over_chat_puts_the_infill_request_in_the_user_turn()
    {
        var call = RemotePromptFormatter.Format(new FillInTheMiddlePrompt("a = ", "\n", "x.py", "Python", MultiLine: true), ModelProfile.CodeGeeX4, useCompletions: false, addGlmPrefix: false);

        Assert.Equal(RemoteApi.ChatCompletions, call.Api);
        Assert.Equal(
            "###PATH:x.py\n###LANGUAGE:Python\n###MODE:BLOCK\n<|code_suffix|>\n<|code_prefix|>a = <|code_middle|>",
            call.PromptFields["messages"]![0]!["content"]!.GetValue<string>());
    }
}
