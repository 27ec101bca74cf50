using System.Text.RegularExpressions;
using Xunit.Abstractions;

namespace Glm.Lsp.Tests.Architecture;

/// <summary>
/// Holds the layering of src/Glm.Lsp: the feature folders take and return plain records and offsets and never touch
/// the protocol layer (Protocol, Handlers, Client, Server, Composition, Cli) or StreamJsonRpc, and no two folders
/// reference each other, directly or through others. The graph is read from the source files, so a new file that
/// breaks the rule fails here before a reviewer has to spot it.
/// </summary>
public sealed partial class FolderDependencyTests(ITestOutputHelper output)
{
    private static readonly string[] FeatureFolders = ["Completion", "Documents", "Models", "Rewrite", "Settings", "Syntax", "Translation"];

    private static readonly string[] ProtocolLayer = ["Cli", "Client", "Composition", "Handlers", "Protocol", "Server"];

    [Fact]
    public void Feature_folders_use_no_protocol_or_json_rpc_type()
    {
        var graph = SourceGraph.Read(SourceRoot());
        output.WriteLine(graph.Describe());
        var violations = graph.References
            .Where(r => FeatureFolders.Contains(r.FromFolder) && (ProtocolLayer.Contains(r.ToFolder) || r.ToFolder == SourceGraph.StreamJsonRpc))
            .Select(r => $"{r.File} references {r.ToFolder} ({r.Evidence})")
            .Distinct()
            .ToList();
        Assert.True(violations.Count == 0, "Feature code speaks LSP:\n" + string.Join("\n", violations));
    }

    [Fact]
    public void No_two_folders_depend_on_each_other()
    {
        var graph = SourceGraph.Read(SourceRoot());
        var edges = graph.References
            .Where(r => r.ToFolder != SourceGraph.StreamJsonRpc)
            .GroupBy(r => r.FromFolder)
            .ToDictionary(g => g.Key, g => g.Select(r => r.ToFolder).ToHashSet(StringComparer.Ordinal));
        var cycles = Cycles(edges);
        output.WriteLine(graph.Describe());
        Assert.True(cycles.Count == 0, "Folders in a cycle:\n" + string.Join("\n", cycles.Select(c => string.Join(" -> ", c))));
    }

    /// <summary>The strongly connected components with more than one folder (Tarjan), each as a path through its members.</summary>
    private static List<List<string>> Cycles(Dictionary<string, HashSet<string>> edges)
    {
        var index = new Dictionary<string, int>(StringComparer.Ordinal);
        var low = new Dictionary<string, int>(StringComparer.Ordinal);
        var stack = new Stack<string>();
        var components = new List<List<string>>();
        void Visit(string node)
        {
            index[node] = low[node] = index.Count;
            stack.Push(node);
            foreach (var next in edges.GetValueOrDefault(node) ?? [])
            {
                if (!index.TryGetValue(next, out var nextIndex))
                {
                    Visit(next);
                    low[node] = Math.Min(low[node], low[next]);
                }
                else if (stack.Contains(next))
                {
                    low[node] = Math.Min(low[node], nextIndex);
                }
            }

            if (low[node] == index[node])
            {
                var component = new List<string>();
                string member;
                do
                {
                    member = stack.Pop();
                    component.Add(member);
                }
                while (member != node);
                if (component.Count > 1)
                {
                    component.Sort(StringComparer.Ordinal);
                    components.Add(component);
                }
            }
        }

        foreach (var node in edges.Keys.Order(StringComparer.Ordinal))
        {
            if (!index.ContainsKey(node))
            {
                Visit(node);
            }
        }

        return components;
    }

    private static string SourceRoot()
    {
        // AppContext.BaseDirectory is tests/Glm.Lsp.Tests/bin/<Configuration>/<tfm>/.
        var root = new DirectoryInfo(AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar)).Parent!.Parent!.Parent!.Parent!.Parent!.FullName;
        return Path.Combine(root, "src", "Glm.Lsp");
    }

    /// <summary>One reference of a file in one top-level folder to another folder (or to StreamJsonRpc).</summary>
    private sealed record Reference(string File, string FromFolder, string ToFolder, string Evidence);

    /// <summary>
    /// The references between the top-level folders of src/Glm.Lsp, read from the source: <c>using</c> directives and
    /// qualified names (Glm.Lsp.X.Y, or X.Y for a type Y declared in folder X, as code inside Glm.Lsp may write it).
    /// Comments are left out, so a cref or a remark about another layer is not a dependency.
    /// </summary>
    private sealed partial class SourceGraph
    {
        public const string StreamJsonRpc = "StreamJsonRpc";

        private SourceGraph(List<Reference> references) => References = references;

        public List<Reference> References { get; }

        public static SourceGraph Read(string sourceRoot)
        {
            var files = Directory.EnumerateFiles(sourceRoot, "*.cs", SearchOption.AllDirectories)
                .Select(path => Path.GetRelativePath(sourceRoot, path).Replace('\\', '/'))
                .Where(path => path.Contains('/', StringComparison.Ordinal) && !path.StartsWith("bin/", StringComparison.Ordinal) && !path.StartsWith("obj/", StringComparison.Ordinal))
                .Order(StringComparer.Ordinal)
                .ToList();
            var folders = files.Select(FolderOf).ToHashSet(StringComparer.Ordinal);
            var code = files.ToDictionary(f => f, f => WithoutComments(File.ReadAllText(Path.Combine(sourceRoot, f))), StringComparer.Ordinal);
            var typesByFolder = files
                .GroupBy(FolderOf)
                .ToDictionary(g => g.Key, g => g.SelectMany(f => TypeDeclaration().Matches(code[f]).Select(m => m.Groups["name"].Value)).ToHashSet(StringComparer.Ordinal));

            var references = new List<Reference>();
            foreach (var file in files)
            {
                var from = FolderOf(file);
                var text = code[file];
                foreach (Match match in LspNamespace().Matches(text))
                {
                    var to = match.Groups["folder"].Value;
                    if (to != from && folders.Contains(to))
                    {
                        references.Add(new Reference(file, from, to, match.Value));
                    }
                }

                foreach (Match match in FolderQualifiedName().Matches(text))
                {
                    var to = match.Groups["folder"].Value;
                    if (to != from && typesByFolder.TryGetValue(to, out var types) && types.Contains(match.Groups["type"].Value))
                    {
                        references.Add(new Reference(file, from, to, match.Value));
                    }
                }

                if (JsonRpcNamespace().Match(text) is { Success: true } jsonRpc)
                {
                    references.Add(new Reference(file, from, StreamJsonRpc, jsonRpc.Value));
                }
            }

            return new SourceGraph(references);
        }

        /// <summary>One line per folder: the folders it references, with the number of files that do.</summary>
        public string Describe() =>
            string.Join(
                "\n",
                References.GroupBy(r => r.FromFolder).OrderBy(g => g.Key, StringComparer.Ordinal).Select(g =>
                    $"{g.Key} -> " + string.Join(", ", g.GroupBy(r => r.ToFolder).OrderBy(t => t.Key, StringComparer.Ordinal)
                        .Select(t => $"{t.Key} ({t.Select(r => r.File).Distinct().Count()})"))));

        private static string FolderOf(string file) => file[..file.IndexOf('/', StringComparison.Ordinal)];

        private static string WithoutComments(string text) => Comment().Replace(text, " ");

        [GeneratedRegex(@"/\*.*?\*/|//[^\n]*", RegexOptions.Singleline)]
        private static partial Regex Comment();

        [GeneratedRegex(@"\b(?:class|record|struct|interface|enum)\s+(?:class\s+|struct\s+)?(?<name>[A-Z]\w*)")]
        private static partial Regex TypeDeclaration();

        [GeneratedRegex(@"\bGlm\.Lsp\.(?<folder>[A-Z]\w*)")]
        private static partial Regex LspNamespace();

        [GeneratedRegex(@"(?<![\w.])(?<folder>[A-Z]\w*)\.(?<type>[A-Z]\w*)")]
        private static partial Regex FolderQualifiedName();

        [GeneratedRegex(@"\bStreamJsonRpc\b")]
        private static partial Regex JsonRpcNamespace();
    }
}
