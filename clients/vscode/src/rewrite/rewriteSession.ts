/**
 * The rewrite preview as a state machine, free of the vscode module. The rewritten text is written into the document
 * as it streams (replacing the selection), so the user reads it in place; Accept keeps it, Discard or Escape puts the
 * original text back and, while the server is still generating, cancels the request.
 *
 * streaming --complete--> review --accept--> accepted
 *     |                      \--discard--> discarded
 *     |--accept (keep the text so far, stop generating)--> accepted
 *     |--discard / cancel--> discarded
 *     \--fail--> failed (original text restored)
 */
export type RewritePhase = 'streaming' | 'review' | 'accepted' | 'discarded' | 'failed';

/** A replacement of the preview region, in document offsets (UTF-16 code units, as VS Code counts them). */
export interface RegionEdit {
  readonly offset: number;
  readonly length: number;
  readonly text: string;
}

/** What the caller must do after an event besides applying {@link RewriteSession.nextEdit}. */
export interface RewriteEffects {
  /** Cancel the glm/rewrite request: the server must stop generating. */
  readonly cancelRequest: boolean;
}

const noEffects: RewriteEffects = { cancelRequest: false };

/** A change the user made to the document, in offsets of the text before the change (as VS Code reports them). */
export interface DocumentChange {
  readonly offset: number;
  readonly length: number;
  readonly text: string;
}

export class RewriteSession {
  private phaseValue: RewritePhase = 'streaming';
  private offsetValue: number;
  /** The text the preview region should hold. */
  private target: string;
  /** The text the preview region holds now, as far as edits have been applied. */
  private shown: string;
  private failure: string | undefined;

  public constructor(
    offset: number,
    public readonly originalText: string,
  ) {
    this.offsetValue = offset;
    this.target = originalText;
    this.shown = originalText;
  }

  /** Where the preview region starts now: it moves with text the user types before it. */
  public get offset(): number {
    return this.offsetValue;
  }

  public get phase(): RewritePhase {
    return this.phaseValue;
  }

  /** True while the user still has to decide, or the server is still writing. */
  public get isOpen(): boolean {
    return this.phaseValue === 'streaming' || this.phaseValue === 'review';
  }

  public get failureMessage(): string | undefined {
    return this.failure;
  }

  /** The region the preview occupies in the document now, for decorations and the CodeLens. */
  public get region(): { readonly start: number; readonly end: number } {
    return { start: this.offsetValue, end: this.offsetValue + this.shown.length };
  }

  /** The text the preview should show now: the original before any text arrived, the rewrite after. */
  public get previewText(): string {
    return this.target;
  }

  /** A partial result: the whole text generated so far, which replaces the selection in the preview. */
  public showPartial(textSoFar: string): RewriteEffects {
    if (this.phaseValue !== 'streaming') {
      return noEffects;
    }
    this.target = textSoFar;
    return noEffects;
  }

  /** The final result, which wins over whatever partial text arrived (it is the whole rewritten text). */
  public complete(text: string): RewriteEffects {
    if (this.phaseValue !== 'streaming') {
      return noEffects;
    }
    this.target = text;
    this.phaseValue = 'review';
    return noEffects;
  }

  /** The request failed: nothing of it stays in the document. */
  public fail(message: string): RewriteEffects {
    if (!this.isOpen) {
      return noEffects;
    }
    this.failure = message;
    this.target = this.originalText;
    this.phaseValue = 'failed';
    return noEffects;
  }

  /** Keep the text. While streaming this also stops the generation, keeping what arrived so far. */
  public accept(): RewriteEffects {
    if (!this.isOpen) {
      return noEffects;
    }
    const wasStreaming = this.phaseValue === 'streaming';
    this.phaseValue = 'accepted';
    return { cancelRequest: wasStreaming };
  }

  /** Put the original text back (Discard, or Escape); while streaming also cancel the request. */
  public discard(): RewriteEffects {
    if (!this.isOpen) {
      return noEffects;
    }
    const wasStreaming = this.phaseValue === 'streaming';
    this.target = this.originalText;
    this.phaseValue = 'discarded';
    return { cancelRequest: wasStreaming };
  }

  /** The edit that brings the document to the target text, or undefined when it already shows it. */
  public nextEdit(): RegionEdit | undefined {
    if (this.shown === this.target) {
      return undefined;
    }
    return { offset: this.offsetValue, length: this.shown.length, text: this.target };
  }

  /**
   * The user changed the document. Text typed before the region moves it, text after it leaves it alone, and both
   * keep the preview streaming; an edit touching the region ends the preview as Accept does (the text stays, the
   * generation stops), since the user is now editing that text.
   */
  public documentChanged(changes: readonly DocumentChange[]): RewriteEffects {
    const { start, end } = this.region;
    let shift = 0;
    let touched = false;
    for (const change of changes) {
      const changeEnd = change.offset + change.length;
      if (changeEnd <= start) {
        shift += change.text.length - change.length;
      } else if (change.offset < end) {
        touched = true;
      }
    }
    this.offsetValue += shift;
    if (!touched) {
      return noEffects;
    }
    // The region now holds the user's edit, which no pending preview edit may overwrite.
    this.target = this.shown;
    return this.accept();
  }

  /** Records that an edit from {@link nextEdit} was applied to the document. */
  public markApplied(edit: RegionEdit): void {
    this.shown = edit.text;
  }
}
