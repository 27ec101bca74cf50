using System.Text;
using Glm.Inference.Generation;
using LLama;

namespace Glm.Inference.Prompts;

/// <summary>
/// llama.cpp's own chat formatting. It recognises a GLM-4 Jinja template by its <c>[gMASK]&lt;sop&gt;</c> and renders its
/// built-in chatglm4 format; a template name such as <c>chatglm3</c> selects a built-in format directly.
/// </summary>
/// <param name="templateOrName">The model's template text, or a llama.cpp template name.</param>
public sealed class LlamaChatTemplate(string templateOrName) : IChatTemplate
{
    public string TemplateOrName { get; } = templateOrName;

    public string Render(IReadOnlyList<ChatMessage> messages)
    {
        // LLamaTemplate keeps its messages, so each call builds its own: this keeps Render safe from any thread.
        var template = new LLamaTemplate(TemplateOrName) { AddAssistant = true };
        foreach (var message in messages)
        {
            template.Add(RoleName(message.Role), message.Content);
        }

        return Encoding.UTF8.GetString(template.Apply());
    }

    private static string RoleName(ChatRole role) => role switch
    {
        ChatRole.System => "system",
        ChatRole.User => "user",
        ChatRole.Assistant => "assistant",
        _ => throw new ArgumentOutOfRangeException(nameof(role), role, "Unknown chat role."),
    };
}
