using System.Text;
using Glm.Inference.Generation;
using Glm.Inference.Tokenization;

namespace Glm.Inference.Prompts;

/// <summary>CodeGeeX4's fill-in-the-middle request as its infilling guide (THUDM/CodeGeeX4
/// guides/Infilling_guideline.md) writes it inside a user turn. The one definition, used by the local engine
/// (<see cref="PromptFormatter"/>, which adds the chat turn tokens and cut rules) and by the remote generator.
/// CodeGeeX4-ALL-9B ships GLM-4's tokenizer, where the three markers are plain text; they became tokens only later.</summary>
public static class CodeGeeX4Infill
{
    public const string SuffixToken = GlmControlTokens.CodeSuffix;
    public const string PrefixToken = GlmControlTokens.CodePrefix;
    public const string MiddleToken = GlmControlTokens.CodeMiddle;

    /// <summary>The markers, which end an answer when the model writes them as text.</summary>
    public static IReadOnlyList<string> Markers => GlmControlTokens.FillInTheMiddleMarkers;

    /// <summary>The PATH (left out when unknown), LANGUAGE (always, empty when unknown) and MODE lines.</summary>
    public static string Header(FillInTheMiddlePrompt prompt)
    {
        ArgumentNullException.ThrowIfNull(prompt);
        var text = new StringBuilder();
        if (prompt.Path is not null)
        {
            text.Append("###PATH:").Append(prompt.Path).Append('\n');
        }

        text.Append("###LANGUAGE:").Append(LanguageName(prompt.Language)).Append('\n');
        return text.Append("###MODE:").Append(prompt.MultiLine ? "BLOCK" : "LINE").Append('\n').ToString();
    }

    /// <summary>The whole user text: header, suffix, prefix, then the marker after which the model writes the middle.</summary>
    public static string UserText(FillInTheMiddlePrompt prompt) =>
        Header(prompt) + SuffixToken + prompt.Suffix + PrefixToken + prompt.Prefix + MiddleToken;

    /// <summary>The guide's capitalised language name for an editor language id ("python" → "Python"); an id it does
    /// not list is given with its first letter capitalised, and none gives an empty name.</summary>
    public static string LanguageName(string? languageId)
    {
        if (string.IsNullOrWhiteSpace(languageId))
        {
            return string.Empty;
        }

        return LanguageNames.TryGetValue(languageId, out var name)
            ? name
            : char.ToUpperInvariant(languageId[0]) + languageId[1..];
    }

    private static readonly Dictionary<string, string> LanguageNames = new(StringComparer.OrdinalIgnoreCase)
    {
        ["c"] = "C",
        ["cpp"] = "C++",
        ["csharp"] = "C#",
        ["css"] = "CSS",
        ["dockerfile"] = "Dockerfile",
        ["go"] = "Go",
        ["html"] = "HTML",
        ["java"] = "Java",
        ["javascript"] = "JavaScript",
        ["javascriptreact"] = "JavaScript",
        ["json"] = "JSON",
        ["kotlin"] = "Kotlin",
        ["lua"] = "Lua",
        ["markdown"] = "Markdown",
        ["objective-c"] = "Objective-C",
        ["php"] = "PHP",
        ["powershell"] = "PowerShell",
        ["python"] = "Python",
        ["r"] = "R",
        ["ruby"] = "Ruby",
        ["rust"] = "Rust",
        ["scala"] = "Scala",
        ["shellscript"] = "Shell",
        ["sql"] = "SQL",
        ["swift"] = "Swift",
        ["tex"] = "TeX",
        ["latex"] = "TeX",
        ["typescript"] = "TypeScript",
        ["typescriptreact"] = "TypeScript",
        ["vue"] = "Vue",
        ["xml"] = "XML",
        ["yaml"] = "YAML",
    };
}
