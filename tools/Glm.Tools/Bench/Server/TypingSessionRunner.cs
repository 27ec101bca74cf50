using System.Diagnostics;
using Glm.Lsp.Protocol;

namespace Glm.Tools.Bench.Server;

/// <summary>One inline completion request of the session, as the client saw it, with the server's figures for it.</summary>
public sealed record TypingRequestRecord(
    int Index,
    string Action,
    int Version,
    Position Position,
    double SentAtMs,
    double TimeToSuggestionMs,
    int Items,
    int ClientNewestVersionAtAnswer,
    RequestStatsParams? Server);

/// <summary>
/// Replays a <see cref="TypingScript"/> against a running server as VS Code would: each keystroke is a didChange and then
/// an automatic inline completion request, sent at the typing pace without waiting for the previous answer (that is
/// what supersession is for); at the end of each action the client waits for the answer, as a user pausing would.
/// </summary>
internal sealed class TypingSessionRunner(BenchLanguageClient client, string uri, TimeSpan keystrokeInterval)
{
    private readonly List<(int Index, string Action, int Version, Position Position, double SentAtMs, Task<(double Ms, IReadOnlyList<string> Items, int Newest)> Answer)> sent = [];
    private readonly Stopwatch clock = new();
    private string text = "";
    private int cursor;
    private volatile int version = 1;
    private string lastSuggestion = "";

    public Task<IReadOnlyList<TypingRequestRecord>> RunAsync(string document, IReadOnlyList<TypingAction> script, CancellationToken cancellationToken) =>
        RunAsync(document, script, alreadyOpen: false, cancellationToken);

    /// <param name="document">The document's text at version 1.</param>
    /// <param name="script">The actions to replay.</param>
    /// <param name="alreadyOpen">True when the caller opened the document (version 1, unchanged) and asked its own
    /// requests there first: the session then continues on what the server has cached for it.</param>
    /// <param name="cancellationToken">Stops the session.</param>
    public async Task<IReadOnlyList<TypingRequestRecord>> RunAsync(
        string document, IReadOnlyList<TypingAction> script, bool alreadyOpen, CancellationToken cancellationToken)
    {
        text = document;
        var statsBefore = client.Stats.Count;
        if (!alreadyOpen)
        {
            await client.OpenAsync(uri, document);
        }

        clock.Start();
        foreach (var action in script)
        {
            switch (action.Kind)
            {
                case "type":
                    foreach (var c in action.Text + " ")
                    {
                        await KeystrokeAsync(action.Kind, c.ToString(), cancellationToken);
                    }

                    break;
                case "delete":
                    for (var i = 0; i < action.Count && cursor > 0; i++)
                    {
                        await KeystrokeAsync(action.Kind, null, cancellationToken);
                    }

                    break;
                case "typeThrough":
                    var typed = lastSuggestion.Length > action.Count ? lastSuggestion[..action.Count] : "x";
                    foreach (var c in typed)
                    {
                        await KeystrokeAsync(action.Kind, c.ToString(), cancellationToken);
                    }

                    break;
                case "accept" when lastSuggestion.Length > 0:
                    await EditAsync(lastSuggestion);
                    Request(action.Kind);
                    break;
                case "accept":
                    await KeystrokeAsync(action.Kind, ".", cancellationToken);
                    break;
                case "move":
                    // Paragraph ends shift as the session edits; the cursor goes to the end of the k-th paragraph as it is now.
                    var ends = BenchDocument.ParagraphEnds(text);
                    cursor = ends[Math.Min(action.Count, ends.Count - 1)];
                    Request(action.Kind);
                    break;
                case "left":
                    // A move within the line: never past its start, so the cursor stays in the paragraph.
                    var lineStart = cursor == 0 ? 0 : text.LastIndexOf('\n', cursor - 1) + 1;
                    cursor = Math.Max(lineStart, cursor - action.Count);
                    Request(action.Kind);
                    break;
                default:
                    throw new InvalidOperationException($"Unknown action {action.Kind}.");
            }

            // The user pauses at the end of each action: the last request is answered before the next action starts.
            await LastAnsweredAsync(cancellationToken);
        }

        await Task.WhenAll(sent.Select(s => s.Answer));
        await client.WaitForStatsAsync(statsBefore + sent.Count, cancellationToken);
        return Match(client.Stats.Skip(statsBefore).ToList());
    }

    private async Task KeystrokeAsync(string action, string? typed, CancellationToken cancellationToken)
    {
        await EditAsync(typed);
        Request(action);
        await Task.Delay(keystrokeInterval, cancellationToken);
    }

    /// <summary>Inserts <paramref name="insert"/> at the cursor, or deletes the character before it when null.</summary>
    private Task EditAsync(string? insert)
    {
        var start = insert is null ? cursor - 1 : cursor;
        var change = client.ChangeAsync(uri, version + 1, PositionAt(start), PositionAt(cursor), insert ?? "");
        text = text[..start] + (insert ?? "") + text[cursor..];
        cursor = start + (insert?.Length ?? 0);
        version++;
        return change;
    }

    private void Request(string action)
    {
        var position = PositionAt(cursor);
        var sentAt = clock.Elapsed.TotalMilliseconds;
        var answer = AnswerAsync(position);
        sent.Add((sent.Count, action, version, position, sentAt, answer));
    }

    private async Task<(double Ms, IReadOnlyList<string> Items, int Newest)> AnswerAsync(Position position)
    {
        var started = Stopwatch.StartNew();
        var items = await client.InlineCompletionAsync(uri, position, invoked: false, CancellationToken.None);
        return (started.Elapsed.TotalMilliseconds, items, version);
    }

    private async Task LastAnsweredAsync(CancellationToken cancellationToken)
    {
        if (sent.Count == 0)
        {
            return;
        }

        var (_, items, _) = await sent[^1].Answer.WaitAsync(TimeSpan.FromMinutes(5), cancellationToken);
        if (items.Count > 0 && items[0].Length > 0)
        {
            lastSuggestion = items[0];
        }
    }

    private List<TypingRequestRecord> Match(List<RequestStatsParams> stats)
    {
        var records = new List<TypingRequestRecord>();
        foreach (var (index, action, sentVersion, position, sentAt, answer) in sent)
        {
            var (ms, items, newest) = answer.Result;
            var match = stats.FirstOrDefault(s => s.Uri == uri && s.Version == sentVersion && s.Position == position);
            if (match is not null)
            {
                // Each notification answers one request: a later request at the same version and place takes the next.
                stats.Remove(match);
            }

            records.Add(new TypingRequestRecord(index, action, sentVersion, position, sentAt, ms, items.Count, newest, match));
        }

        return records;
    }

    private Position PositionAt(int offset)
    {
        var lineStart = text.LastIndexOf('\n', Math.Max(0, offset - 1)) + 1;
        if (offset == 0)
        {
            lineStart = 0;
        }

        var line = 0;
        for (var i = 0; i < lineStart; i++)
        {
            if (text[i] == '\n')
            {
                line++;
            }
        }

        return new Position(line, offset - lineStart);
    }
}
