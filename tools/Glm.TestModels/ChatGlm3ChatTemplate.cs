namespace Glm.TestModels;

/// <summary>
/// A ChatGLM3-6B chat template (the form llama.cpp's own template tests use). llama.cpp recognises it by
/// <c>[gMASK]sop</c> and renders its built-in chatglm3 format: <c>[gMASK]sop&lt;|user|&gt;\n Hello&lt;|assistant|&gt;</c>,
/// with a literal "sop", a space after each newline and no newline after the assistant tag.
/// </summary>
public static class ChatGlm3ChatTemplate
{
    public const string Text =
        "{% for message in messages %}{% if loop.first %}[gMASK]sop<|{{ message['role'] }}|>\n {{ message['content'] }}"
        + "{% else %}<|{{ message['role'] }}|>\n {{ message['content'] }}{% endif %}{% endfor %}"
        + "{% if add_generation_prompt %}<|assistant|>{% endif %}";
}
