import { randomUUID } from 'node:crypto';
import * as vscode from 'vscode';
import { ProgressType, type LanguageClient } from 'vscode-languageclient/node';
import { methods, type RewritePartialResult, type RewriteResult } from '../protocol';
import type { RewriteAsk } from './rewriteStyles';
import { RewriteSession, type RegionEdit, type RewriteEffects } from './rewriteSession';

const pendingContextKey = 'glm.rewritePending';
const partialResultType = new ProgressType<RewritePartialResult>();

/** The open preview: its session, the document it edits and the request behind it. */
interface ActivePreview {
  readonly session: RewriteSession;
  readonly document: vscode.TextDocument;
  readonly cancellation: vscode.CancellationTokenSource;
  readonly progressListener: vscode.Disposable;
}

/**
 * Streams a glm/rewrite into the document as a decorated pending region, with Accept / Discard as CodeLenses,
 * commands and keybindings. One preview at a time: starting another accepts nothing and discards the old one.
 */
export class RewritePreview implements vscode.Disposable, vscode.CodeLensProvider {
  private active: ActivePreview | undefined;
  /**
   * The preview's own edits whose change events have not arrived yet, with the document version each makes, to tell
   * them from the user's changes: the event may come before or after applyEdit resolves, and VS Code may report the
   * replacement in another shape than it was asked for.
   */
  private readonly ownEdits: { readonly edit: RegionEdit; readonly version: number }[] = [];
  private flushing: Promise<void> = Promise.resolve();
  private readonly lensesChanged = new vscode.EventEmitter<void>();
  public readonly onDidChangeCodeLenses = this.lensesChanged.event;
  private readonly decoration = vscode.window.createTextEditorDecorationType({
    backgroundColor: new vscode.ThemeColor('diffEditor.insertedTextBackground'),
    border: '1px dashed',
    borderColor: new vscode.ThemeColor('editorInfo.foreground'),
  });
  private readonly disposables: vscode.Disposable[] = [];

  public constructor(
    private readonly client: () => LanguageClient | undefined,
    private readonly onGeneration: (running: boolean) => void,
  ) {
    this.disposables.push(
      vscode.languages.registerCodeLensProvider({ scheme: '*' }, this),
      vscode.workspace.onDidChangeTextDocument((change) => {
        this.onDocumentChanged(change);
      }),
      vscode.window.onDidChangeVisibleTextEditors(() => {
        this.decorate();
      }),
    );
  }

  /** Starts a preview of rewriting the selection of the editor. */
  public async start(editor: vscode.TextEditor, ask: RewriteAsk): Promise<void> {
    const client = this.client();
    if (client === undefined || !client.isRunning()) {
      void vscode.window.showErrorMessage('GLM: the language server is not running. See "GLM: Show Server Log".');
      return;
    }
    if (this.active !== undefined) {
      await this.discard();
    }
    const document = editor.document;
    const selection = editor.selection;
    const session = new RewriteSession(document.offsetAt(selection.start), document.getText(selection));
    const token = randomUUID();
    const cancellation = new vscode.CancellationTokenSource();
    const progressListener = client.onProgress(partialResultType, token, (partial) => {
      if (this.active?.session === session) {
        session.showPartial(partial.text);
        this.scheduleFlush(preview);
      }
    });
    const preview: ActivePreview = { session, document, cancellation, progressListener };
    this.active = preview;
    this.onGeneration(true);
    await vscode.commands.executeCommand('setContext', pendingContextKey, true);
    this.decorate();
    this.lensesChanged.fire();

    const params = {
      textDocument: { uri: client.code2ProtocolConverter.asUri(document.uri) },
      range: client.code2ProtocolConverter.asRange(selection),
      ...ask,
      partialResultToken: token,
    };
    try {
      const result = await client.sendRequest<RewriteResult | null>(methods.rewrite, params, cancellation.token);
      // A server that streamed everything may answer with no final text; the streamed text then stands.
      this.handle(preview, session.complete(result?.text ?? session.previewText));
    } catch (error) {
      if (!cancellation.token.isCancellationRequested) {
        const message = error instanceof Error ? error.message : String(error);
        this.handle(preview, session.fail(message));
        void vscode.window.showErrorMessage(`GLM: the rewrite failed: ${message}`);
      }
    } finally {
      this.onGeneration(false);
      progressListener.dispose();
    }
  }

  public get hasPending(): boolean {
    return this.active !== undefined;
  }

  public async accept(): Promise<void> {
    const preview = this.active;
    if (preview !== undefined) {
      this.handle(preview, preview.session.accept());
      await this.flushing;
    }
  }

  /** Discard, also bound to Escape: the original text comes back and a running generation is cancelled. */
  public async discard(): Promise<void> {
    const preview = this.active;
    if (preview !== undefined) {
      this.handle(preview, preview.session.discard());
      await this.flushing;
    }
  }

  public provideCodeLenses(document: vscode.TextDocument): vscode.CodeLens[] {
    const preview = this.active;
    if (preview === undefined || preview.document !== document) {
      return [];
    }
    const range = new vscode.Range(document.positionAt(preview.session.region.start), document.positionAt(preview.session.region.start));
    if (preview.session.phase === 'streaming') {
      return [
        new vscode.CodeLens(range, { title: '$(loading~spin) GLM is rewriting… Keep so far (Alt+Enter)', command: 'glm.acceptRewrite' }),
        new vscode.CodeLens(range, { title: 'Cancel (Escape)', command: 'glm.discardRewrite' }),
      ];
    }
    return [
      new vscode.CodeLens(range, { title: '$(check) Accept (Alt+Enter)', command: 'glm.acceptRewrite' }),
      new vscode.CodeLens(range, { title: '$(discard) Discard (Escape)', command: 'glm.discardRewrite' }),
    ];
  }

  public dispose(): void {
    this.active?.cancellation.cancel();
    this.active?.progressListener.dispose();
    this.decoration.dispose();
    this.lensesChanged.dispose();
    for (const disposable of this.disposables) {
      disposable.dispose();
    }
  }

  private handle(preview: ActivePreview, effects: RewriteEffects): void {
    if (effects.cancelRequest) {
      // Cancelling the token makes vscode-languageclient send $/cancelRequest, so the server stops generating.
      preview.cancellation.cancel();
    }
    this.scheduleFlush(preview);
    if (!preview.session.isOpen && this.active === preview) {
      this.active = undefined;
      void vscode.commands.executeCommand('setContext', pendingContextKey, false);
    }
    this.lensesChanged.fire();
  }

  /** Applies the latest target text; edits are serialised so fast tokens coalesce into fewer document edits. */
  private scheduleFlush(preview: ActivePreview): void {
    this.flushing = this.flushing
      .then(async () => {
        const edit = preview.session.nextEdit();
        if (edit !== undefined) {
          const document = preview.document;
          const workspaceEdit = new vscode.WorkspaceEdit();
          workspaceEdit.replace(
            document.uri,
            new vscode.Range(document.positionAt(edit.offset), document.positionAt(edit.offset + edit.length)),
            edit.text,
          );
          const own = { edit, version: document.version + 1 };
          this.ownEdits.push(own);
          let applied = false;
          try {
            applied = await vscode.workspace.applyEdit(workspaceEdit);
          } finally {
            if (!applied && this.ownEdits.includes(own)) {
              this.ownEdits.splice(this.ownEdits.indexOf(own), 1);
            }
          }
          if (applied) {
            preview.session.markApplied(edit);
          } else if (preview.session.nextEdit() !== undefined && this.active === preview) {
            // VS Code refuses an edit made for a document version the user has since typed over; the session has
            // moved the region with that typing, so the next attempt lands where the preview is now.
            this.scheduleFlush(preview);
          }
        }
        this.decorate();
      })
      .catch((error: unknown) => {
        // A failed edit (the document was closed, say) must not stop later edits, such as restoring the original.
        console.error('GLM: could not update the rewrite preview', error);
      });
  }

  private decorate(): void {
    const preview = this.active;
    for (const editor of vscode.window.visibleTextEditors) {
      if (preview !== undefined && editor.document === preview.document) {
        const region = preview.session.region;
        editor.setDecorations(this.decoration, [
          new vscode.Range(preview.document.positionAt(region.start), preview.document.positionAt(region.end)),
        ]);
      } else {
        editor.setDecorations(this.decoration, []);
      }
    }
  }

  /**
   * Typing elsewhere in the document moves the preview with the text (typing before it) or leaves it alone; typing
   * into the preview ends it: the text stays, and generation stops.
   */
  private onDocumentChanged(change: vscode.TextDocumentChangeEvent): void {
    const preview = this.active;
    if (preview === undefined || change.document !== preview.document || change.contentChanges.length === 0) {
      return;
    }
    const document = change.document;
    const own = this.ownEdits.findIndex(
      ({ edit, version }) =>
        version === document.version &&
        document.getText(new vscode.Range(document.positionAt(edit.offset), document.positionAt(edit.offset + edit.text.length))) ===
          edit.text,
    );
    if (own >= 0) {
      const [applied] = this.ownEdits.splice(own, 1);
      if (applied !== undefined) {
        preview.session.markApplied(applied.edit);
      }
      return;
    }
    this.handle(
      preview,
      preview.session.documentChanged(change.contentChanges.map((c) => ({ offset: c.rangeOffset, length: c.rangeLength, text: c.text }))),
    );
  }
}
