/**
 * The custom parts of the glm-lsp protocol this extension relies on (see the server's docs/lsp-extensions.md).
 * Plain types only, so the pure modules and their tests can use them without the vscode module.
 */

/** What the model is doing. "idle" means running with no model configured. */
export type ServerLoadState = 'loading' | 'ready' | 'error' | 'generating' | 'idle';

/**
 * The server's status (docs/lsp-extensions.md): the params of the glm/status notification, sent on every change, and
 * the result of the glm/getStatus request. test/protocolMirror.test.ts holds it to the server's declaration.
 */
export interface GlmStatus {
  readonly state: ServerLoadState;
  /** Load progress 0–100 while loading. */
  readonly percent?: number;
  /** The loaded model's name, e.g. "glm-4-9b-chat Q4_K_M". */
  readonly model?: string;
  /** Where it runs, e.g. "CPU (AVX2), 1 thread" or "remote https://host/v1 glm-4". */
  readonly backend?: string;
  /** The loaded model's context length in tokens. */
  readonly contextLength?: number;
  /** What went wrong (idle, error), why the model reloads (loading), or a notice about the loaded model's file. */
  readonly message?: string;
  /** The setting that fixes the problem, e.g. "glm.modelPath". */
  readonly setting?: string;
  /** Speed of the last finished generation. */
  readonly lastTokensPerSecond?: number;
  /** Why the last generation failed (a remote server that went away); absent after a success. */
  readonly lastFailure?: string;
  /** Measured prompt evaluation speed of the local model (tokens/s). */
  readonly promptTokensPerSecond?: number;
  /** Measured generation speed of the local model over its recent requests (tokens/s). */
  readonly generationTokensPerSecond?: number;
  /** About how many tokens an automatic suggestion gets within glm.latencyBudgetMs on this machine. */
  readonly tokensPerSuggestion?: number;
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

/** A place in a document: zero-based line and UTF-16 character (LSP's Position). */
export interface Position {
  readonly line: number;
  readonly character: number;
}

/** A range of a document, end exclusive (LSP's Range). */
export interface LspRange {
  readonly start: Position;
  readonly end: Position;
}

/**
 * Parameters of the glm/didFocus notification: the document the user now looks at, its visible part and the cursor, so
 * the server can prefill the prompt of the next suggestion there while the user reads.
 */
export interface DidFocusParams {
  readonly textDocument: { readonly uri: string };
  readonly visibleRange?: LspRange;
  readonly position?: Position;
}

/** The custom methods this client uses, by the names the server declares (checked by test/protocolMirror.test.ts). */
export const methods = {
  rewrite: 'glm/rewrite',
  status: 'glm/status',
  getStatus: 'glm/getStatus',
  settingsSchema: 'glm/settingsSchema',
  models: 'glm/models',
  setApiKey: 'glm/setApiKey',
  didFocus: 'glm/didFocus',
} as const;
