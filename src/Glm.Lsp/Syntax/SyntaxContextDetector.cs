using Glm.Lsp.Documents;
using TextMateSharp.Grammars;
using TextMateSharp.Registry;

namespace Glm.Lsp.Syntax;

/// <summary>
/// Decides comment / string / code / prose at a position with TextMateSharp and its bundled grammars, the grammars
/// VS Code itself uses, instead of hand-written lexers. Grammars are loaded once per language and tokenizing is
/// serialized because TextMateSharp's grammar objects are not documented as thread-safe.
/// </summary>
public sealed class SyntaxContextDetector
{
    // A line that takes longer is cut short by TextMateSharp and its later tokens are lost; the first line of a
    // grammar also pays for compiling its patterns, which took over 200 ms on a busy 2-core machine. So the limit
    // only guards against pathological lines and is far above normal tokenizing times (well under a millisecond).
    private static readonly TimeSpan LineTimeLimit = TimeSpan.FromSeconds(5);
    /// <summary>Lines tokenized by <see cref="Warm(TextDocumentSnapshot)"/>: enough to meet the usual rules.</summary>
    private const int WarmLines = 200;

    private readonly RegistryOptions options = new(ThemeName.DarkPlus);
    private readonly Registry registry;
    private readonly Dictionary<string, IGrammar?> grammars = new(StringComparer.OrdinalIgnoreCase);
    private readonly HashSet<string> warmed = new(StringComparer.OrdinalIgnoreCase);
    private readonly Lock gate = new();

    public SyntaxContextDetector() => registry = new Registry(options);

    /// <summary>One detector per process: grammars are immutable once loaded and slow to load (Markdown's takes over
    /// a second), so every connection shares them.</summary>
    public static SyntaxContextDetector Shared { get; } = new();

    public SyntaxContext Detect(TextDocumentSnapshot document, LinePosition position)
    {
        if (LanguageKinds.IsPlainProse(document.LanguageId))
        {
            return SyntaxContext.Prose;
        }

        var scopes = ScopesAt(document, position);
        if (scopes is null)
        {
            return SyntaxContext.Code;
        }

        return LanguageKinds.IsMarkdown(document.LanguageId) ? ClassifyMarkdown(scopes)
            : LanguageKinds.IsMarkedUpProse(document.LanguageId) ? ClassifyMarkedUpProse(scopes)
            : ClassifyCode(scopes);
    }

    /// <summary>
    /// Loads the document's grammar and tokenizes its first lines, ahead of the first request. Loading a grammar is only
    /// half of the first-use cost: TextMateSharp compiles each rule's patterns when a line first needs them, which took
    /// seconds for Markdown on a busy 2-core machine, and the first completion request held up behind it arrived too
    /// late for the editor to show its ghost text.
    /// </summary>
    public void Warm(TextDocumentSnapshot document)
    {
        if (!LanguageKinds.IsPlainProse(document.LanguageId))
        {
            TokenizeLines(document, WarmLines - 1);
        }

        lock (gate)
        {
            // Only languages the server knows are remembered: a client's language ids are its own strings, and every
            // unknown one kept here would stay for the life of the process.
            if (LanguageKinds.IsPlainProse(document.LanguageId) || GrammarFor(document.LanguageId) is not null)
            {
                warmed.Add(document.LanguageId);
            }
        }
    }

    /// <summary>Whether a <see cref="Warm"/> of this language has finished.</summary>
    public bool IsWarm(string languageId)
    {
        lock (gate)
        {
            return warmed.Contains(languageId);
        }
    }

    /// <summary>The scopes of the character just before the position (the one the user just typed), or of the first
    /// character at the start of a line; null when the language has no grammar.</summary>
    public IReadOnlyList<string>? ScopesAt(TextDocumentSnapshot document, LinePosition position)
    {
        lock (gate)
        {
            var grammar = GrammarFor(document.LanguageId);
            if (grammar is null)
            {
                return null;
            }

            var lines = document.Positions;
            var target = Math.Min(position.Line, lines.LineCount - 1);
            IStateStack? state = null;
            IToken[] tokens = [];
            for (var line = 0; line <= target; line++)
            {
                var result = grammar.TokenizeLine(lines.LineText(line), state, LineTimeLimit);
                state = result.RuleStack;
                tokens = result.Tokens;
            }

            var character = Math.Min(position.Character, lines.LineContentLength(target));
            var probe = Math.Max(0, character - 1);
            var token = tokens.FirstOrDefault(t => t.StartIndex <= probe && probe < t.EndIndex) ?? tokens.LastOrDefault();
            return token?.Scopes ?? [];
        }
    }

    /// <summary>The tokens of lines 0 to <paramref name="lastLine"/>; null when the language has no grammar.</summary>
    public IReadOnlyList<IToken[]>? TokenizeLines(TextDocumentSnapshot document, int lastLine)
    {
        lock (gate)
        {
            var grammar = GrammarFor(document.LanguageId);
            if (grammar is null)
            {
                return null;
            }

            var lines = document.Positions;
            var result = new List<IToken[]>();
            IStateStack? state = null;
            for (var line = 0; line <= Math.Min(lastLine, lines.LineCount - 1); line++)
            {
                var tokenized = grammar.TokenizeLine(lines.LineText(line), state, LineTimeLimit);
                state = tokenized.RuleStack;
                result.Add(tokenized.Tokens);
            }

            return result;
        }
    }

    private static SyntaxContext ClassifyMarkdown(IReadOnlyList<string> scopes) =>
        scopes.Any(s => s.StartsWith("markup.fenced_code", StringComparison.Ordinal)
                        || s.StartsWith("markup.raw", StringComparison.Ordinal)
                        || s.StartsWith("markup.inline.raw", StringComparison.Ordinal)
                        || s.StartsWith("meta.embedded.block.frontmatter", StringComparison.Ordinal))
            ? SyntaxContext.Code
            : SyntaxContext.Prose;

    /// <summary>LaTeX and AsciiDoc: text is prose unless its scopes say comment, command, math or code.</summary>
    private static SyntaxContext ClassifyMarkedUpProse(IReadOnlyList<string> scopes)
    {
        if (scopes.Any(s => s.StartsWith("comment", StringComparison.Ordinal)))
        {
            return SyntaxContext.Comment;
        }

        return scopes.Any(s => CodeInProse.Any(prefix => s.StartsWith(prefix, StringComparison.Ordinal)))
            ? SyntaxContext.Code
            : SyntaxContext.Prose;
    }

    /// <summary>Scope prefixes of the LaTeX and AsciiDoc grammars that mark commands, math, verbatim text and code.</summary>
    private static readonly string[] CodeInProse =
    [
        "support.function", "keyword.control", "punctuation.definition.function", "string.other.math", "meta.math",
        "support.class.math", "string.other.literal", "support.variable.attributelist", "markup.raw", "markup.code", "meta.embedded", "source.",
    ];

    private static SyntaxContext ClassifyCode(IReadOnlyList<string> scopes)
    {
        if (scopes.Any(s => s.StartsWith("comment", StringComparison.Ordinal) || s.Contains("docstring", StringComparison.Ordinal)))
        {
            return SyntaxContext.Comment;
        }

        return scopes.Any(s => s.StartsWith("string", StringComparison.Ordinal)) ? SyntaxContext.String : SyntaxContext.Code;
    }

    private IGrammar? GrammarFor(string languageId)
    {
        if (!grammars.TryGetValue(languageId, out var grammar))
        {
            var scope = options.GetScopeByLanguageId(languageId);
            if (scope is null)
            {
                // Not cached: an unknown language id costs one lookup per use rather than memory for ever.
                return null;
            }

            grammar = registry.LoadGrammar(scope);
            grammars[languageId] = grammar;
        }

        return grammar;
    }
}
