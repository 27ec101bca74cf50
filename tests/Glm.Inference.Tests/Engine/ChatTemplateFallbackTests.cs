using Glm.Inference.Engine;
using Glm.Inference.Generation;
using Glm.TestModels;
using Microsoft.Extensions.Logging;

namespace Glm.Inference.Tests.Engine;

[Trait("Speed", "Slow")]
public sealed class ChatTemplateFallbackTests
{
    private const string ChatMlTemplate =
        "{% for message in messages %}<|im_start|>{{ message['role'] }}\n{{ message['content'] }}<|im_end|>\n{% endfor %}"
        + "{% if add_generation_prompt %}<|im_start|>assistant\n{% endif %}";

    [Fact]
    public async Task A_template_without_the_familys_start_tokens_is_named_in_a_warning_and_chat_uses_the_glm_layout()
    {
        var model = TestModelFiles.PredictableModel(
            DefaultCorpus.Text, new PredictableModelOptions { ChatTemplate = ChatMlTemplate });
        var logger = new WarningCollector();
        await using var engine = await LlamaEngine.LoadAsync(
            new EngineOptions(model.Path) { ContextSize = 512, Slots = 1, Threads = 1 }, null, logger, CancellationToken.None);

        var result = await engine.RunAsync(ChatPrompt.FromUser("Hello?"));

        Assert.Contains(
            $"{Path.GetFileName(model.Path)}: its chat template does not render [gMASK]<sop> first; using the built-in Glm4 chat format instead",
            logger.Warnings);
        Assert.Equal(DefaultCorpus.ChatAnswer, result.Text);
    }

    [Fact]
    public async Task The_real_glm4_template_gives_no_warning()
    {
        var logger = new WarningCollector();
        await using var engine = await LlamaEngine.LoadAsync(
            new EngineOptions(TestModelFiles.Predictable()) { ContextSize = 512, Slots = 1, Threads = 1 },
            null,
            logger,
            CancellationToken.None);

        Assert.DoesNotContain(logger.Warnings, w => w.Contains("chat template", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_model_without_a_chat_template_gives_no_warning()
    {
        // Nothing to check: the engine lays out every prompt itself and no other tool reads a template that is not there.
        var model = TestModelFiles.PredictableModel(DefaultCorpus.Text, new PredictableModelOptions { ChatTemplate = null });
        var logger = new WarningCollector();
        await using var engine = await LlamaEngine.LoadAsync(
            new EngineOptions(model.Path) { ContextSize = 512, Slots = 1, Threads = 1 }, null, logger, CancellationToken.None);

        Assert.DoesNotContain(logger.Warnings, w => w.Contains("chat template", StringComparison.Ordinal));
    }

    private sealed class WarningCollector : ILogger
    {
        private readonly List<string> warnings = [];

        public IReadOnlyList<string> Warnings
        {
            get
            {
                lock (warnings)
                {
                    return [.. warnings];
                }
            }
        }

        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            if (logLevel == LogLevel.Warning)
            {
                lock (warnings)
                {
                    warnings.Add(formatter(state, exception));
                }
            }
        }
    }
}
