using Glm.Inference.Generation;

namespace Glm.Inference.Prompts;

/// <summary>Renders a conversation as prompt text, ending with the opening of the assistant's turn.</summary>
public interface IChatTemplate
{
    string Render(IReadOnlyList<ChatMessage> messages);
}
