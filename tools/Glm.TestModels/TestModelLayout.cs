namespace Glm.TestModels;

/// <summary>
/// How a test model's GGUF is laid out, one per real GLM family member as llama.cpp's converter writes it
/// (convert_hf_to_gguf.py, ChatGLMModel and Glm4Model).
/// </summary>
public enum TestModelLayout
{
    /// <summary>GLM-4-9B-chat: architecture <c>chatglm</c>, byte-level BPE (<c>gpt2</c> + <c>chatglm-bpe</c>), the ten
    /// GLM-4 control tokens, the GLM-4 chat template.</summary>
    Glm4,

    /// <summary>ChatGLM3-6B: architecture <c>chatglm</c>, SentencePiece (<c>llama</c> + <c>chatglm-spm</c>) with
    /// <c>&lt;unk&gt; &lt;bos&gt; &lt;eos&gt;</c> at ids 0–2, byte fallback tokens, the nine ChatGLM3 control tokens
    /// (<c>sop</c>/<c>eop</c> without brackets), eos <c>&lt;eos&gt;</c>, add_bos false, chatglm3-6b's chat template.</summary>
    ChatGlm3,

    /// <summary>GLM-4-0414: architecture <c>glm4</c> (post-attention and post-FFN norms), the GLM-4 vocabulary with its 14
    /// added tokens.</summary>
    Glm4_0414,

    /// <summary>CodeGeeX4-ALL-9B: GLM-4's vocabulary with only the 14 added tokens (no FIM tokens: its infilling markers
    /// are plain text), general.name <c>codegeex4-all-9b</c>.</summary>
    CodeGeeX4,

    /// <summary>GLM-Edge-1.5B/4B-chat (HF <c>GlmForCausalLM</c>): architecture <c>chatglm</c>, GLM-4's byte-level BPE
    /// (<c>gpt2</c> + <c>chatglm-bpe</c>) with its 14 added tokens, separate query/key/value projections without biases,
    /// RoPE over the whole head (partial_rotary_factor 1.0), general.name <c>glm-edge-1.5b-chat</c>, GLM-Edge's chat
    /// template (role tags, no <c>[gMASK]&lt;sop&gt;</c>).</summary>
    GlmEdge,
}
