import type { GlmStatus, ServerLoadState } from '../protocol';

/** What the status bar knows: the server process state plus the last glm/status the server sent. */
export interface StatusModel {
  readonly server: 'starting' | 'running' | 'stopped';
  readonly load?: ServerLoadState;
  readonly percent?: number;
  readonly model?: string;
  readonly backend?: string;
  readonly message?: string;
  readonly setting?: string;
  readonly lastTokensPerSecond?: number;
  readonly lastFailure?: string;
  readonly promptTokensPerSecond?: number;
  readonly generationTokensPerSecond?: number;
  readonly tokensPerSuggestion?: number;
  /** The generation requests this client itself has in flight (rewrite previews), which also show the spinner. */
  readonly clientGenerations: number;
}

export const initialStatus: StatusModel = { server: 'starting', clientGenerations: 0 };

export type StatusEvent =
  | { readonly kind: 'serverStarting' }
  | { readonly kind: 'serverRunning' }
  | { readonly kind: 'serverStopped'; readonly message?: string }
  | { readonly kind: 'status'; readonly status: GlmStatus }
  | { readonly kind: 'generationStarted' }
  | { readonly kind: 'generationEnded' };

const knownStates: readonly ServerLoadState[] = ['loading', 'ready', 'error', 'generating', 'idle'];

/** Folds one event into the model. Unknown states from a newer server are ignored rather than shown wrongly. */
export function reduceStatus(model: StatusModel, event: StatusEvent): StatusModel {
  switch (event.kind) {
    case 'serverStarting':
      return { ...initialStatus, lastTokensPerSecond: model.lastTokensPerSecond };
    case 'serverRunning':
      return { ...model, server: 'running' };
    case 'serverStopped':
      return { ...model, server: 'stopped', message: event.message ?? model.message, clientGenerations: 0 };
    case 'status': {
      const p = event.status;
      if (!knownStates.includes(p.state)) {
        return model;
      }
      // A state change replaces the error fields, so a fixed problem disappears.
      return {
        ...model,
        server: 'running',
        load: p.state,
        percent: p.state === 'loading' ? clampPercent(p.percent) : undefined,
        model: p.model,
        backend: p.backend,
        message: p.message,
        setting: p.setting,
        lastTokensPerSecond: p.lastTokensPerSecond ?? model.lastTokensPerSecond,
        lastFailure: p.lastFailure,
        promptTokensPerSecond: p.promptTokensPerSecond,
        generationTokensPerSecond: p.generationTokensPerSecond,
        tokensPerSuggestion: p.tokensPerSuggestion,
      };
    }
    case 'generationStarted':
      return { ...model, clientGenerations: model.clientGenerations + 1 };
    case 'generationEnded':
      return { ...model, clientGenerations: Math.max(0, model.clientGenerations - 1) };
  }
}

function clampPercent(percent: number | undefined): number | undefined {
  if (percent === undefined || !Number.isFinite(percent)) {
    return undefined;
  }
  return Math.min(100, Math.max(0, Math.round(percent)));
}
