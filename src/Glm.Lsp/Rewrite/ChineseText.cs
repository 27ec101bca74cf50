namespace Glm.Lsp.Rewrite;

/// <summary>Whether a text is (partly) Chinese: the CJK unified ideographs and their extension A.</summary>
public static class ChineseText
{
    public static bool Contains(string text) => text.Any(c => c is >= '\u4e00' and <= '\u9fff' or >= '\u3400' and <= '\u4dbf');
}
