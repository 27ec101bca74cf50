namespace Glm.Inference.Remote;

/// <summary>How a token count was obtained.</summary>
public enum TokenCountSource
{
    /// <summary>The model's own tokenizer: exact.</summary>
    Tokenizer,

    /// <summary>A character-based estimate that errs on the high side (never fewer tokens than GLM-4 would use for typical text).</summary>
    Estimate,
}
