namespace Glm.Inference.Engine;

/// <summary>
/// Guesses the tokens a greedy generation is about to produce, so one decode call can check several at once. A drafter
/// serves one request: it is told every token the request emits, in order.
/// </summary>
internal interface ITokenDrafter
{
    /// <summary>Records a token the generation emitted (the model's own choice, never a rejected guess).</summary>
    void Append(int token);

    /// <summary>Writes up to <c>destination.Length</c> guessed next tokens; returns how many (0: no guess).</summary>
    int Draft(Span<int> destination);
}
