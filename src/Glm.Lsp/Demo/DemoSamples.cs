namespace Glm.Lsp.Demo;

/// <summary>The two files the demo opens: a Markdown note and a C# file with a Chinese comment.</summary>
internal static class DemoSamples
{
    public const string MarkdownUri = "file:///demo/notes.md";
    public const string CodeUri = "file:///demo/Totals.cs";

    public const string Markdown =
        "# Release notes\n\nThe new version starts faster and uses less memory. It also fixes the crash that happened when a file was saved twice\n\n";

    /// <summary>The paragraph that is rewritten: line 2, from its start to its end.</summary>
    public const int ParagraphLine = 2;

    public const string Code =
        "public static class Totals\n{\n    // 计算所有订单的总金额，忽略已取消的订单\n    public static decimal Sum(Order[] orders) => 0;\n}\n";

    /// <summary>A position inside the Chinese comment.</summary>
    public const int CommentLine = 2;
    public const int CommentCharacter = 10;
}
