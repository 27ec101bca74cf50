namespace Glm.TestModels;

/// <summary>
/// Answers as real chat models give them, scripted into predictable-model corpora: chatty wrappers around the text a
/// rewrite or translation asked for (preambles, fences, quotes, notes, in English and Chinese), and an answer that falls
/// into a loop. A model built from <see cref="ScriptedChat"/> answers any chat prompt of its layout with the answer.
/// </summary>
public static class BehaviourCorpora
{
    /// <summary>One chatty answer and the text a cleaner should keep from it.</summary>
    /// <param name="Name">Short stable name for test data (xunit member data, file names).</param>
    /// <param name="Answer">What the model says, exactly.</param>
    /// <param name="Clean">The requested text alone: what belongs in the document.</param>
    public sealed record ChattyAnswer(string Name, string Answer, string Clean)
    {
        public override string ToString() => Name;
    }

    public static ChattyAnswer EnglishPreamble { get; } = new(
        "english-preamble",
        "Here is the revised text:\n\nOur meeting moved to Friday because a room was booked.",
        "Our meeting moved to Friday because a room was booked.");

    public static ChattyAnswer ChinesePreamble { get; } = new(
        "chinese-preamble",
        "以下是改写后的文本：\n会议改到周五，因为会议室已被预订。",
        "会议改到周五，因为会议室已被预订。");

    public static ChattyAnswer TranslationPreamble { get; } = new(
        "translation-preamble",
        "译文：\nThe cache keeps one entry per document.",
        "The cache keeps one entry per document.");

    public static ChattyAnswer CodeFence { get; } = new(
        "code-fence",
        "```\nEvery request carries its own deadline.\n```",
        "Every request carries its own deadline.");

    public static ChattyAnswer Quotes { get; } = new(
        "quotes",
        "\"Small files have one reason to change.\"",
        "Small files have one reason to change.");

    public static ChattyAnswer ChineseQuotes { get; } = new(
        "chinese-quotes",
        "“每个文件只有一个修改的理由。”",
        "每个文件只有一个修改的理由。");

    public static ChattyAnswer EnglishNote { get; } = new(
        "english-note",
        "Logs never go to standard output.\n\nNote: I kept its original meaning and shortened this sentence.",
        "Logs never go to standard output.");

    public static ChattyAnswer ChineseNote { get; } = new(
        "chinese-note",
        "日志从不写到标准输出。\n\n注：我保留了原意。",
        "日志从不写到标准输出。");

    public static ChattyAnswer ChineseRemark { get; } = new(
        "chinese-remark",
        "模型只在推理线程上运行。\n\n备注：语气更正式。",
        "模型只在推理线程上运行。");

    public static ChattyAnswer ChineseExplanation { get; } = new(
        "chinese-explanation",
        "请求按顺序处理。\n\n说明：删去了重复的词。",
        "请求按顺序处理。");

    public static ChattyAnswer PreambleFenceAndNote { get; } = new(
        "preamble-fence-note",
        "Sure! Here is the translation:\n```\nThe server never dies because one request failed.\n```\n\nNote: technical terms were kept.",
        "The server never dies because one request failed.");

    /// <summary>An answer with nothing to clean: the cleaner must return it unchanged.</summary>
    public static ChattyAnswer Plain { get; } = new(
        "plain",
        "Settings are declared once and mirrored by the client.",
        "Settings are declared once and mirrored by the client.");

    /// <summary>Every chatty answer, for table-driven tests.</summary>
    public static IReadOnlyList<ChattyAnswer> ChattyAnswers { get; } =
    [
        EnglishPreamble, ChinesePreamble, TranslationPreamble, CodeFence, Quotes, ChineseQuotes, EnglishNote, ChineseNote,
        ChineseRemark, ChineseExplanation, PreambleFenceAndNote, Plain,
    ];

    /// <summary>An answer whose greedy continuation cycles through " result is the" forever (build its model with
    /// <see cref="PredictableModelOptions.AllowRepeatedTokens"/>): a loop-stop rule must end it.</summary>
    public const string LoopingAnswer = "Sure. The result is the result is the result";

    /// <summary>The first text a looping model emits before it repeats itself: everything up to the second " result".</summary>
    public const string LoopingAnswerBeforeRepeat = "Sure. The result is the";

    /// <summary>
    /// A corpus whose model answers any chat prompt of <paramref name="layout"/> with <paramref name="answer"/>: the
    /// scripted turn ends where the layout's rendered chat prompt ends (<c>&lt;|assistant|&gt;\n</c> for GLM-4,
    /// <c>&lt;|assistant|&gt;</c> for ChatGLM3, whose answer begins with its header line), and the answer ends the way the
    /// real model ends a turn.
    /// </summary>
    public static string ScriptedChat(string answer, TestModelLayout layout = TestModelLayout.Glm4) => layout switch
    {
        // ChatGLM3 answers "<metadata>\n <text>" and ends its turn with <|user|> (an end-of-generation token, so its
        // second occurrence is harmless).
        TestModelLayout.ChatGlm3 => "[gMASK]sop<|user|>Hello<|assistant|>\n " + answer + "<|user|>",
        TestModelLayout.GlmEdge => "<|user|>Hello<|assistant|>\n" + answer + "<|endoftext|>",
        _ => "[gMASK]<sop><|user|>Hello<|assistant|>\n" + answer + "<|endoftext|>",
    };
}
