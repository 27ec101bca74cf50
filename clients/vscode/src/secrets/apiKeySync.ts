import type { SetApiKeyParams } from '../protocol';

/** Where the key lives (VS Code's secret storage in the extension) and how it reaches the server. */
export interface ApiKeyStore {
  get(): Promise<string | undefined>;
}

export type ApiKeySender = (params: SetApiKeyParams) => Promise<void>;

/**
 * Keeps the server's copy of the remote API key in step with secret storage: the key is sent after every start or
 * restart of the server (a new process knows nothing) and whenever it is set or cleared. An empty key counts as none.
 * The key itself never appears in what this reports back: callers log the returned description, not the params.
 */
export class ApiKeySync {
  public constructor(
    private readonly store: ApiKeyStore,
    private readonly send: ApiKeySender,
  ) {}

  /** Sends the stored key (or null); returns a loggable description of what was sent. */
  public async push(): Promise<string> {
    const stored = await this.store.get();
    const apiKey = stored !== undefined && stored.length > 0 ? stored : null;
    await this.send({ apiKey });
    return apiKey === null ? 'no remote API key' : 'the remote API key from secret storage';
  }
}
