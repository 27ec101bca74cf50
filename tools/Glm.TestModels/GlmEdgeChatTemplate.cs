namespace Glm.TestModels;

/// <summary>
/// A GLM-Edge chat template in the form of its tokenizer_config.json: role tags with a newline before each message and
/// no <c>[gMASK]&lt;sop&gt;</c>. llama.cpp recognises such a template (role tags, no start tokens) as its built-in
/// glmedge format; the engine renders the chat itself and never executes this text.
/// </summary>
public static class GlmEdgeChatTemplate
{
    public const string Text =
        "{% for item in messages %}{% if item['role'] == 'system' %}<|system|>\n{{ item['content'] }}"
        + "{% elif item['role'] == 'user' %}<|user|>\n{{ item['content'] }}"
        + "{% elif item['role'] == 'assistant' %}<|assistant|>\n{{ item['content'] }}{% endif %}{% endfor %}"
        + "{% if add_generation_prompt %}<|assistant|>\n{% endif %}";
}
