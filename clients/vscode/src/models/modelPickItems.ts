import type { FoundModel, ModelSource } from '../protocol';

/** One row of the Select Model File… quick pick: a found model, or "Browse…" for the file dialog. */
export interface ModelPickItem {
  readonly label: string;
  readonly description: string;
  readonly detail: string;
  /** The file to write to glm.modelPath; undefined for "Browse…". */
  readonly path?: string;
}

const sourceNames: Record<ModelSource, string> = {
  setting: 'current setting',
  directory: 'model directory',
  cache: 'download cache',
  ollama: 'Ollama',
  lmstudio: 'LM Studio',
};

export const browseItem: ModelPickItem = {
  label: '$(folder-opened) Browse…',
  description: '',
  detail: 'Pick a GGUF file anywhere on disk.',
};

/**
 * The quick pick rows for the models the server found: runnable ones first (in the server's order), each with its
 * architecture, quantization, size and where it was found; a model the server cannot run is marked with its problem,
 * so the user sees why rather than a load failure after picking it. "Browse…" always comes last.
 */
export function modelPickItems(models: readonly FoundModel[], currentPath: string | undefined): ModelPickItem[] {
  const ordered = [...models.filter((m) => m.runnable), ...models.filter((m) => !m.runnable)];
  return [...ordered.map((model) => modelPickItem(model, currentPath)), browseItem];
}

export function modelPickItem(model: FoundModel, currentPath: string | undefined): ModelPickItem {
  const facts = [model.architecture ?? 'unknown architecture', model.quantization, formatSize(model.sizeBytes), sourceNames[model.source]];
  const icon = !model.runnable ? '$(warning)' : model.path === currentPath ? '$(check)' : '$(file)';
  return {
    label: `${icon} ${model.name}`,
    description: facts.filter((fact): fact is string => fact !== null && fact.length > 0).join(' · '),
    detail: model.runnable ? model.path : `Cannot run: ${model.problem ?? 'unknown problem'} (${model.path})`,
    path: model.path,
  };
}

/** Sizes as a user reads them in a file manager: "4.7 GB", "512 MB", "980 KB" (powers of 1024, one decimal from GB). */
export function formatSize(bytes: number): string {
  if (!Number.isFinite(bytes) || bytes < 0) {
    return '';
  }
  const gib = 1024 ** 3;
  const mib = 1024 ** 2;
  if (bytes >= gib) {
    return `${(bytes / gib).toFixed(1)} GB`;
  }
  if (bytes >= mib) {
    return `${Math.round(bytes / mib)} MB`;
  }
  return `${Math.max(1, Math.round(bytes / 1024))} KB`;
}
