using System.Globalization;
using System.Text;
using Glm.Lsp.Protocol;

namespace Glm.Lsp.Cli;

/// <summary>The table of <c>glm-lsp models list</c>: one row per model, columns padded to their widest cell.</summary>
internal static class ModelTable
{
    public static string Format(IReadOnlyList<ModelListEntry> models)
    {
        if (models.Count == 0)
        {
            return "No GGUF models found (searched the --dir folders, glm-lsp's cache, Ollama and LM Studio).\n";
        }

        string[] header = ["NAME", "SOURCE", "ARCHITECTURE", "SIZE", "QUANT", "RUNNABLE", "PATH"];
        var rows = models.Select(m => new[]
        {
            m.Name,
            m.Source,
            m.Architecture ?? "?",
            Size(m.SizeBytes),
            m.Quantization ?? "?",
            m.Runnable ? "yes" : "no",
            m.Path,
        }).Prepend(header).ToList();
        var widths = Enumerable.Range(0, header.Length).Select(column => rows.Max(row => row[column].Length)).ToArray();
        var text = new StringBuilder();
        for (var index = 0; index < rows.Count; index++)
        {
            var row = rows[index];
            text.AppendJoin("  ", row.Select((cell, column) => column == row.Length - 1 ? cell : cell.PadRight(widths[column])));
            text.Append('\n');

            // Why a model cannot run is a sentence, too long for a column: it goes on its own line under the row.
            if (index > 0 && models[index - 1].Problem is { } problem)
            {
                text.Append("  why not: ").Append(problem).Append('\n');
            }
        }

        return text.ToString();
    }

    private static string Size(long bytes) => bytes switch
    {
        >= 1L << 30 => string.Create(CultureInfo.InvariantCulture, $"{bytes / (double)(1L << 30):F1} GiB"),
        >= 1L << 20 => string.Create(CultureInfo.InvariantCulture, $"{bytes / (double)(1L << 20):F1} MiB"),
        >= 1L << 10 => string.Create(CultureInfo.InvariantCulture, $"{bytes / (double)(1L << 10):F1} KiB"),
        _ => string.Create(CultureInfo.InvariantCulture, $"{bytes} B"),
    };
}
