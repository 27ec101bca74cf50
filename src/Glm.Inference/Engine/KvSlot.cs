namespace Glm.Inference.Engine;

/// <summary>
/// One llama.cpp sequence. <see cref="Tokens"/> lists exactly the tokens whose KV entries the sequence holds, in position
/// order, so the next request can reuse the longest common prefix.
/// </summary>
internal sealed class KvSlot(int id)
{
    public int Id { get; } = id;

    public List<int> Tokens { get; } = [];

    /// <summary>Increases each time the slot serves a request; the least recently used slot is taken for new prompts.</summary>
    public long LastUsed { get; set; }
}
