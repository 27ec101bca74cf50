import type { StatusModel } from './statusModel';

/** What a click on the status bar item does. */
export type StatusClick =
  { readonly kind: 'openSetting'; readonly setting: string } | { readonly kind: 'showLog' } | { readonly kind: 'showCommands' };

/** Everything the status bar item shows, computed without the vscode module so it can be tested exactly. */
export interface StatusPresentation {
  readonly text: string;
  readonly tooltip: string;
  readonly isError: boolean;
  readonly click: StatusClick;
}

/** The setting a user must change when the server reports a problem without naming one: nearly always the model. */
const defaultFixSetting = 'glm.modelPath';

export function presentStatus(model: StatusModel): StatusPresentation {
  const speed = formatSpeed(model.lastTokensPerSecond);
  if (model.server === 'stopped') {
    return {
      text: '$(error) GLM: server stopped',
      tooltip: joinLines(model.message ?? 'The glm-lsp server is not running.', 'Click to open the server log.'),
      isError: true,
      click: { kind: 'showLog' },
    };
  }
  if (model.load === 'error') {
    const setting = model.setting ?? defaultFixSetting;
    return {
      text: '$(error) GLM: error',
      tooltip: joinLines(model.message ?? 'The model could not be loaded.', `Click to open the setting ${setting}.`),
      isError: true,
      click: { kind: 'openSetting', setting },
    };
  }
  if (model.server === 'starting') {
    return {
      text: '$(loading~spin) GLM: starting',
      tooltip: 'Starting the glm-lsp server.',
      isError: false,
      click: { kind: 'showLog' },
    };
  }
  if (model.load === undefined) {
    return {
      text: '$(plug) GLM: connected',
      tooltip: 'The glm-lsp server is running and has not reported a model state yet.',
      isError: false,
      click: { kind: 'showLog' },
    };
  }
  if (model.load === 'idle') {
    return {
      text: '$(circle-slash) GLM: no model',
      tooltip: `No model is configured. Click to set ${defaultFixSetting}.`,
      isError: false,
      click: { kind: 'openSetting', setting: defaultFixSetting },
    };
  }
  if (model.load === 'loading') {
    const percent = model.percent === undefined ? '' : ` ${model.percent}%`;
    return {
      text: `$(loading~spin) GLM: loading${percent}`,
      tooltip: 'Loading the model.',
      isError: false,
      click: { kind: 'showLog' },
    };
  }
  const name = describeModel(model);
  const details = joinLines(
    `Model: ${model.model ?? 'unknown'}`,
    `Backend: ${model.backend ?? 'unknown'}`,
    speed === undefined ? 'Last speed: no generation yet' : `Last speed: ${speed}`,
    ...describeMeasuredSpeeds(model),
    ...(model.lastFailure === undefined ? [] : [`Last generation failed: ${model.lastFailure}`]),
    ...(model.message === undefined ? [] : [model.message]),
  );
  if (model.load === 'generating' || model.clientGenerations > 0) {
    return {
      text: `$(sync~spin) GLM: ${name}`,
      tooltip: joinLines('Generating…', details),
      isError: false,
      click: { kind: 'showCommands' },
    };
  }
  return { text: `$(sparkle) GLM: ${name}`, tooltip: details, isError: false, click: { kind: 'showCommands' } };
}

/** "glm-4-9b (CPU)", or whichever part is known. */
function describeModel(model: StatusModel): string {
  const name = model.model ?? 'ready';
  return model.backend === undefined ? name : `${name} (${model.backend})`;
}

/** The measured speeds and what they mean for a suggestion, when the server has measured them. */
function describeMeasuredSpeeds(model: StatusModel): string[] {
  const prompt = formatSpeed(model.promptTokensPerSecond);
  const generation = formatSpeed(model.generationTokensPerSecond);
  const lines = prompt === undefined || generation === undefined ? [] : [`Measured: prompt ${prompt}, generation ${generation}`];
  return model.tokensPerSuggestion === undefined
    ? lines
    : [...lines, `About ${model.tokensPerSuggestion} tokens per suggestion on this machine`];
}

/** Tokens per second with one decimal, e.g. "12.3 tokens/s". */
export function formatSpeed(tokensPerSecond: number | undefined): string | undefined {
  if (tokensPerSecond === undefined || !Number.isFinite(tokensPerSecond) || tokensPerSecond <= 0) {
    return undefined;
  }
  return `${tokensPerSecond.toFixed(1)} tokens/s`;
}

function joinLines(...lines: string[]): string {
  return lines.join('\n');
}
