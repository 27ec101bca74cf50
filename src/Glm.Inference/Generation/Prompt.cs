namespace Glm.Inference.Generation;

/// <summary>The input of a generation, before it is formatted for a model profile.</summary>
public abstract record Prompt;

/// <summary>Text given to the model as it is; special tokens written in it (such as <c>[gMASK]</c>) are parsed.</summary>
public sealed record RawPrompt(string Text) : Prompt;

/// <summary>A conversation rendered with the model's chat template, ending with the assistant's turn.</summary>
public sealed record ChatPrompt(IReadOnlyList<ChatMessage> Messages) : Prompt
{
    public static ChatPrompt FromUser(string text, string? system = null) =>
        new(system is null
            ? [new ChatMessage(ChatRole.User, text)]
            : [new ChatMessage(ChatRole.System, system), new ChatMessage(ChatRole.User, text)]);
}

/// <summary>Fill-in-the-middle: the model writes what goes between <see cref="Prefix"/> and <see cref="Suffix"/>.
/// Models without FIM tokens get a plain continuation of the prefix.</summary>
public sealed record FillInTheMiddlePrompt(string Prefix, string Suffix, string? Path = null, string? Language = null, bool MultiLine = false) : Prompt;

public sealed record ChatMessage(ChatRole Role, string Content);

public enum ChatRole
{
    System,
    User,
    Assistant,
}
