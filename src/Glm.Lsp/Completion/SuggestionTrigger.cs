namespace Glm.Lsp.Completion;

/// <summary>Why a suggestion is asked for: the user asked explicitly, or the editor asks as the user types.</summary>
public enum SuggestionTrigger
{
    Invoked = 1,
    Automatic = 2,
}
