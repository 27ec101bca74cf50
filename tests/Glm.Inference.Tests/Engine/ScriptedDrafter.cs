using Glm.Inference.Engine;

namespace Glm.Inference.Tests.Engine;

/// <summary>
/// Drafts from a known script of the output: the token at output position p is <c>script[p]</c>, except at the
/// positions <paramref name="wrongAt"/> picks, where it drafts a different token, so a test decides exactly where a
/// draft is rejected.
/// </summary>
internal sealed class ScriptedDrafter(IReadOnlyList<int> script, Func<int, bool> wrongAt) : ITokenDrafter
{
    private int emitted;

    /// <summary>The first output position drafted; before it the drafter has no guess (the steps are plain).</summary>
    public int DraftsFrom { get; init; }

    public void Append(int token) => emitted++;

    public int Draft(Span<int> destination)
    {
        var count = emitted < DraftsFrom ? 0 : Math.Min(destination.Length, script.Count - emitted);
        for (var i = 0; i < count; i++)
        {
            var token = script[emitted + i];
            destination[i] = wrongAt(emitted + i) ? (token == 0 ? 1 : token - 1) : token;
        }

        return Math.Max(count, 0);
    }
}
