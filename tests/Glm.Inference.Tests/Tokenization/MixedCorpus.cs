namespace Glm.Inference.Tests.Tokenization;

/// <summary>Mixed Chinese/English prose, code and numbers to train a realistic test vocabulary on.</summary>
internal static class MixedCorpus
{
    public const string Text = """
        The language server hosts a quantized GLM model in-process and answers completion requests.
        语言服务器在进程内加载量化的 GLM 模型，并回答补全请求。
        When the user types, the editor sends the document, the cursor position and the surrounding lines.
        当用户输入时，编辑器会发送文档、光标位置以及周围的代码行。
        public static int Add(int left, int right) => left + right;
        def tokenize(text: str) -> list[int]: return [ord(c) for c in text]
        for (var i = 0; i < 1024; i++) { total += values[i] * 3.14159f; }
        山川异域，风月同天。寄诸佛子，共结来缘。
        青山一道同云雨，明月何曾是两乡。
        The quick brown fox jumps over the lazy dog; the dog does not mind.
        我们在测试中生成自己的模型文件，因为这里无法下载任何权重。
        Numbers like 12345, 2024-11-28, 0x7FFF and 1,000,000 are split into runs of at most three digits.
        数字 12345 和 67890 会被切分成最多三位的片段。
        I'm sure it's fine; they've said we'll see, you'd agree, isn't it? DON'T SHOUT, It'S OK.
        Tabs	and  double  spaces, trailing spaces   
        and blank lines


        are part of every real source file.
        // 注释：这个函数返回两个数的和。
        /* Block comment with émigré, naïve, café and Ελληνικά text. */
        if (x >= 10 && y != 20 || z <= -5) { return x << 2; }
        <div class="main">你好，世界！Hello, world!</div>
        SELECT name, count(*) FROM users WHERE age > 30 GROUP BY name;
        模型的上下文长度是八千一百九十二个词元，嵌入维度是四千零九十六。
        The context length is 8192 tokens and the embedding width is 4096.
        表情😀符号和扩展汉字𠀀𠀁𠀂，ok👍ok，😀abc😀abc，a𠀀b a𠀀b。
        """;
}
