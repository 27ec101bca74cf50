using System.Globalization;
using Glm.Inference.Models;

namespace Glm.Lsp.Cli;

/// <summary>
/// Shows a download's progress on stderr: a bar redrawn in place on a terminal, or one line per tenth of the file when
/// stderr is a pipe or a file (a CI log would otherwise fill with carriage returns).
/// </summary>
internal sealed class DownloadProgressPrinter(TextWriter stderr, bool interactive, string label) : IProgress<DownloadProgress>
{
    private const int BarWidth = 30;
    private int lastTenth = -1;
    private long lastBytes = -1;

    /// <summary>True when something was drawn without a final newline.</summary>
    private bool barOpen;

    public void Report(DownloadProgress value)
    {
        ArgumentNullException.ThrowIfNull(value);
        if (value.BytesDone == lastBytes)
        {
            return;
        }

        lastBytes = value.BytesDone;
        var fraction = value.TotalBytes is > 0 and var total ? Math.Min(1.0, (double)value.BytesDone / total) : (double?)null;
        if (interactive)
        {
            var filled = (int)Math.Round((fraction ?? 0) * BarWidth);
            stderr.Write($"\r{label} [{new string('#', filled)}{new string('-', BarWidth - filled)}] {Describe(value, fraction)}");
            barOpen = true;
            return;
        }

        var tenth = fraction is { } f ? (int)Math.Floor(f * 10) : (int)(value.BytesDone / (100L << 20));
        if (tenth != lastTenth)
        {
            lastTenth = tenth;
            stderr.WriteLine($"{label}: {Describe(value, fraction)}");
        }
    }

    /// <summary>Ends the bar's line so that the next message starts on its own.</summary>
    public void Finish()
    {
        if (barOpen)
        {
            stderr.WriteLine();
            barOpen = false;
        }
    }

    private static string Describe(DownloadProgress value, double? fraction) => fraction is { } f
        ? string.Create(CultureInfo.InvariantCulture, $"{f * 100:F0}% ({Mebibytes(value.BytesDone)} of {Mebibytes(value.TotalBytes!.Value)} MiB)")
        : $"{Mebibytes(value.BytesDone)} MiB";

    private static string Mebibytes(long bytes) => (bytes / 1048576.0).ToString("F1", CultureInfo.InvariantCulture);
}
