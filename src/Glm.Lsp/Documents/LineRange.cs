namespace Glm.Lsp.Documents;

/// <summary>The text between two positions, end exclusive.</summary>
public readonly record struct LineRange(LinePosition Start, LinePosition End)
{
    /// <summary>The empty range at <paramref name="position"/>, where an insertion goes.</summary>
    public static LineRange At(LinePosition position) => new(position, position);
}
