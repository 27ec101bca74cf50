using System.Text;
using Glm.Inference.Generation;

namespace Glm.Inference.Prompts;

/// <summary>CodeGeeX4's fill-in-the-middle request as its model card writes it inside a user turn. The one definition,
/// used by the local engine (<see cref="PromptFormatter"/>, which adds the chat turn tokens and cut rules) and by the
/// remote generator (which sends it as a user message or a raw completion).</summary>
public static class CodeGeeX4Infill
{
    public const string SuffixToken = "<|code_suffix|>";
    public const string PrefixToken = "<|code_prefix|>";
    public const string MiddleToken = "<|code_middle|>";

    /// <summary>The PATH, LANGUAGE (each left out when unknown) and MODE lines.</summary>
    public static string Header(FillInTheMiddlePrompt prompt)
    {
        ArgumentNullException.ThrowIfNull(prompt);
        var text = new StringBuilder();
        if (prompt.Path is not null)
        {
            text.Append("###PATH:").Append(prompt.Path).Append('\n');
        }

        if (prompt.Language is not null)
        {
            text.Append("###LANGUAGE:").Append(prompt.Language).Append('\n');
        }

        return text.Append("###MODE:").Append(prompt.MultiLine ? "BLOCK" : "LINE").Append('\n').ToString();
    }

    /// <summary>The whole user text: header, suffix, prefix, then the token after which the model writes the middle.</summary>
    public static string UserText(FillInTheMiddlePrompt prompt) =>
        Header(prompt) + SuffixToken + prompt.Suffix + PrefixToken + prompt.Prefix + MiddleToken;
}
