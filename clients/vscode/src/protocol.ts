/**
 * The custom parts of the glm-lsp protocol this extension relies on (see the server's docs/lsp-extensions.md).
 * Plain types only, so the pure modules and their tests can use them without the vscode module.
 */

/** Load states the server reports in the glm/status notification. "idle" means running with no model configured. */
export type ServerLoadState = 'loading' | 'ready' | 'error' | 'generating' | 'idle';

/** Parameters of the glm/status notification (server → client), sent whenever the load state changes. */
export interface GlmStatusParams {
  readonly state: ServerLoadState;
  /** Load progress 0–100 while loading. */
  readonly percent?: number;
  /** The loaded model's name, e.g. "glm-4-9b-chat Q4_K_M". */
  readonly model?: string;
  /** Where it runs, e.g. "CPU" or "CUDA". */
  readonly backend?: string;
  /** What went wrong, in the words shown to the user (state "error"). */
  readonly message?: string;
  /** The setting that fixes the error, e.g. "glm.modelPath". */
  readonly setting?: string;
  /** Speed of the last generation, when the server includes it. */
  readonly lastTokensPerSecond?: number;
}

/** Result of workspace/executeCommand "glm.status": state is NotConfigured, Loading, Ready or Failed. */
export interface GlmStatusResult {
  readonly state?: string | null;
  /** The name this client first proposed for state; still read so either server spelling works. */
  readonly loadState?: string | null;
  readonly model?: string | null;
  readonly backend?: string | null;
  readonly contextLength?: number | null;
  readonly lastTokensPerSecond?: number | null;
  /** What went wrong when state is Failed. */
  readonly error?: string | null;
}

/** The rewrite styles the server understands in glm/rewrite's "style" (docs/lsp-extensions.md). */
export type RewriteStyle = 'improve' | 'concise' | 'formal' | 'fixGrammar' | 'toEnglish' | 'toChinese';

/** One partial result of glm/rewrite sent through $/progress with the request's partialResultToken: the text so far. */
export interface RewritePartialResult {
  readonly text: string;
}

/** The final result of glm/rewrite: the whole rewritten text, which replaces whatever partial text was shown. */
export interface RewriteResult {
  readonly text: string;
}

/** Where glm/models found a model file. */
export type ModelSource = 'setting' | 'directory' | 'cache' | 'ollama' | 'lmstudio';

/** One model file the server found (glm/models). */
export interface FoundModel {
  readonly path: string;
  readonly name: string;
  readonly source: ModelSource;
  readonly architecture: string | null;
  readonly sizeBytes: number;
  readonly quantization: string | null;
  /** False when the server cannot run it; problem then says why. */
  readonly runnable: boolean;
  readonly problem?: string;
}

/** Result of the glm/models request (params {}). */
export interface ModelsResult {
  readonly models: readonly FoundModel[];
}

/** Parameters of the glm/setApiKey notification: the remote backend's key from secret storage, null when cleared. */
export interface SetApiKeyParams {
  readonly apiKey: string | null;
}

export const methods = {
  rewrite: 'glm/rewrite',
  status: 'glm/status',
  settingsSchema: 'glm/settingsSchema',
  models: 'glm/models',
  setApiKey: 'glm/setApiKey',
  statusCommand: 'glm.status',
} as const;
