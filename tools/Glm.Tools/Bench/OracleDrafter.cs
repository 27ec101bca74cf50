using Glm.Inference.Engine;

namespace Glm.Tools.Bench;

/// <summary>
/// Drafts from a known output (a plain greedy run of the same prompt): the token at output position p is
/// <c>script[p]</c>, or a different token where <paramref name="wrongAt"/> says so. Records what the request emitted.
/// </summary>
internal sealed class OracleDrafter(int[] script, Func<int, bool> wrongAt) : ITokenDrafter
{
    public List<int> Emitted { get; } = [];

    /// <summary>The length the engine asked for at each draft (its verification batch is one token longer).</summary>
    public List<int> Requested { get; } = [];

    public void Append(int token) => Emitted.Add(token);

    public int Draft(Span<int> destination)
    {
        Requested.Add(destination.Length);
        var count = Math.Max(0, Math.Min(destination.Length, script.Length - Emitted.Count));
        for (var i = 0; i < count; i++)
        {
            var token = script[Emitted.Count + i];
            destination[i] = wrongAt(Emitted.Count + i) ? (token == 0 ? 1 : token - 1) : token;
        }

        return count;
    }
}
