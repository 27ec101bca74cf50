namespace Glm.Inference.Generation;

/// <summary>What a generator serves, for status displays and prompt choices.</summary>
/// <param name="Name">Display name (general.name, else the file name; or the remote model name).</param>
/// <param name="Profile">The GLM family member, which decides prompt formats.</param>
/// <param name="SupportsFillInTheMiddle">True when the model takes CodeGeeX4's infilling prompt.</param>
/// <param name="ContextLength">Tokens the loaded context holds.</param>
/// <param name="Backend">For example "CPU (avx2), 8 threads" or "CUDA, 28 GPU layers" or "remote http://…".</param>
public sealed record ModelDescription(string Name, ModelProfile Profile, bool SupportsFillInTheMiddle, int ContextLength, string Backend)
{
    /// <summary>Why the profile was chosen (metadata, tokens, template), for <c>doctor</c>; empty when not known.</summary>
    public string ProfileEvidence { get; init; } = string.Empty;
}

/// <summary>The GLM family members whose prompt formats differ.</summary>
public enum ModelProfile
{
    /// <summary>ChatGLM3-6B: llama.cpp's chatglm3 template.</summary>
    ChatGlm3,

    /// <summary>GLM-4-9B (architecture <c>chatglm</c>): chatglm4 template.</summary>
    Glm4,

    /// <summary>GLM-4-0414 (architecture <c>glm4</c>): chatglm4 template.</summary>
    Glm4_0414,

    /// <summary>CodeGeeX4: GLM-4 with CodeGeeX4's infilling prompt (markers as tokens or, in CodeGeeX4-ALL-9B, as text).</summary>
    CodeGeeX4,

    /// <summary>GLM-Edge 1.5B and 4B chat (architecture <c>chatglm</c>, GLM-4's control tokens in a 59,264-token
    /// vocabulary): GLM-4's chat layout without <c>[gMASK]&lt;sop&gt;</c>, no fill-in-the-middle.</summary>
    GlmEdge,
}
