import type { DidFocusParams, LspRange, Position } from '../protocol';

/** What the active editor shows: its document, the first visible range and the cursor. */
export interface EditorView {
  readonly uri: string;
  readonly scheme: string;
  readonly visibleRange?: LspRange;
  readonly cursor?: Position;
}

/** The timer functions the reports are debounced with; tests pass manual ones. */
export interface Timers {
  readonly set: (callback: () => void, delayMs: number) => unknown;
  readonly clear: (handle: unknown) => void;
}

const realTimers: Timers = {
  set: (callback, delayMs) => setTimeout(callback, delayMs),
  clear: (handle) => {
    clearTimeout(handle as ReturnType<typeof setTimeout>);
  },
};

/** The schemes the language client synchronises with the server (its document selector): only those can be focused there. */
export const servedSchemes: readonly string[] = ['file', 'untitled'];

/**
 * Turns the editor's focus and scroll events into glm/didFocus notifications: debounced, so scrolling through a file
 * sends one report when it stops; never the same report twice in a row; only for documents the server has.
 */
export class FocusReports {
  private pending: unknown;
  private lastSent: string | undefined;

  constructor(
    private readonly send: (params: DidFocusParams) => void,
    private readonly delayMs: number,
    private readonly timers: Timers = realTimers,
  ) {}

  /** The active editor changed or scrolled; undefined when no text editor is active. */
  viewChanged(view: EditorView | undefined): void {
    this.cancelPending();
    if (view === undefined || !servedSchemes.includes(view.scheme)) {
      return;
    }
    const params: DidFocusParams = {
      textDocument: { uri: view.uri },
      ...(view.visibleRange === undefined ? {} : { visibleRange: view.visibleRange }),
      ...(view.cursor === undefined ? {} : { position: view.cursor }),
    };
    this.pending = this.timers.set(() => {
      this.pending = undefined;
      const text = JSON.stringify(params);
      if (text !== this.lastSent) {
        this.lastSent = text;
        this.send(params);
      }
    }, this.delayMs);
  }

  /** A new server process knows nothing yet: the next report is sent even if it repeats the last one. */
  serverRestarted(): void {
    this.lastSent = undefined;
  }

  dispose(): void {
    this.cancelPending();
  }

  private cancelPending(): void {
    if (this.pending !== undefined) {
      this.timers.clear(this.pending);
      this.pending = undefined;
    }
  }
}
