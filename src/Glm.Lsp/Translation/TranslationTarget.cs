using Glm.Lsp.Rewrite;

namespace Glm.Lsp.Translation;

/// <summary>Which language a text is translated into: Chinese text to English, anything else to Chinese, unless configured.</summary>
public static class TranslationTarget
{
    public static RewriteStyle For(string text, string setting) => setting switch
    {
        "english" => RewriteStyle.Find("toEnglish")!,
        "chinese" => RewriteStyle.Find("toChinese")!,
        _ => ChineseText.Contains(text) ? RewriteStyle.Find("toEnglish")! : RewriteStyle.Find("toChinese")!,
    };

    public static string LanguageName(RewriteStyle style) => style.Id == "toEnglish" ? "English" : "Chinese";
}
