import type { GlmStatusParams, GlmStatusResult, ServerLoadState } from '../protocol';

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
  /** The generation requests this client itself has in flight (rewrite previews), which also show the spinner. */
  readonly clientGenerations: number;
}

export const initialStatus: StatusModel = { server: 'starting', clientGenerations: 0 };

export type StatusEvent =
  | { readonly kind: 'serverStarting' }
  | { readonly kind: 'serverRunning' }
  | { readonly kind: 'serverStopped'; readonly message?: string }
  | { readonly kind: 'notification'; readonly params: GlmStatusParams }
  | { readonly kind: 'statusResult'; readonly result: GlmStatusResult }
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
    case 'notification': {
      const p = event.params;
      if (!knownStates.includes(p.state)) {
        return model;
      }
      // A state change replaces the error fields, so a fixed problem disappears; model and backend stay known while
      // generating because the server may omit them there.
      return {
        ...model,
        server: 'running',
        load: p.state,
        percent: p.state === 'loading' ? clampPercent(p.percent) : undefined,
        model: p.model ?? (p.state === 'loading' || p.state === 'idle' ? undefined : model.model),
        backend: p.backend ?? (p.state === 'loading' || p.state === 'idle' ? undefined : model.backend),
        message: p.message,
        setting: p.setting,
        lastTokensPerSecond: p.lastTokensPerSecond ?? model.lastTokensPerSecond,
      };
    }
    case 'statusResult': {
      const r = event.result;
      const load = normalizeLoadState(r.state ?? r.loadState) ?? model.load;
      return {
        ...model,
        server: 'running',
        load: model.load === 'generating' ? model.load : load,
        model: r.model ?? model.model,
        backend: r.backend ?? model.backend,
        message: load === 'error' ? (r.error ?? model.message) : undefined,
        setting: load === 'error' ? model.setting : undefined,
        lastTokensPerSecond: r.lastTokensPerSecond ?? model.lastTokensPerSecond,
      };
    }
    case 'generationStarted':
      return { ...model, clientGenerations: model.clientGenerations + 1 };
    case 'generationEnded':
      return { ...model, clientGenerations: Math.max(0, model.clientGenerations - 1) };
  }
}

/** The server's glm.status command names states after its own enum (Ready, Loading, Failed, NotConfigured). */
export function normalizeLoadState(value: string | null | undefined): ServerLoadState | undefined {
  switch (value?.toLowerCase()) {
    case 'ready':
      return 'ready';
    case 'loading':
      return 'loading';
    case 'failed':
    case 'error':
      return 'error';
    case 'notconfigured':
    case 'idle':
      return 'idle';
    case 'generating':
      return 'generating';
    default:
      return undefined;
  }
}

function clampPercent(percent: number | undefined): number | undefined {
  if (percent === undefined || !Number.isFinite(percent)) {
    return undefined;
  }
  return Math.min(100, Math.max(0, Math.round(percent)));
}
