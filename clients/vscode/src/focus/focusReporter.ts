import * as vscode from 'vscode';
import type { LanguageClient } from 'vscode-languageclient/node';
import { methods } from '../protocol';
import { FocusReports, type EditorView } from './focusReport';

/** Long enough that scrolling sends one report when it stops, short next to the time a user reads before typing. */
const reportDelayMs = 250;

/** Reports the active editor to the server (glm/didFocus), so it prefills the next suggestion's prompt there. */
export interface FocusReporter {
  /** Reports the active editor to a server that just started, even when the last report said the same. */
  readonly serverStarted: () => void;
  readonly dispose: () => void;
}

/** Follows the active editor and its visible ranges and sends glm/didFocus to the running server. */
export function registerFocusReporter(runningClient: () => LanguageClient | undefined): FocusReporter {
  const reports = new FocusReports((params) => {
    // A report the server misses (stopping, restarting) only costs a prefill; the next focus change sends a new one.
    runningClient()
      ?.sendNotification(methods.didFocus, params)
      .catch(() => undefined);
  }, reportDelayMs);
  const reportActive = (): void => {
    reports.viewChanged(viewOf(vscode.window.activeTextEditor));
  };
  const subscriptions = vscode.Disposable.from(
    vscode.window.onDidChangeActiveTextEditor(reportActive),
    vscode.window.onDidChangeTextEditorVisibleRanges((change) => {
      if (change.textEditor === vscode.window.activeTextEditor) {
        reportActive();
      }
    }),
  );
  return {
    serverStarted: () => {
      reports.serverRestarted();
      reportActive();
    },
    dispose: () => {
      subscriptions.dispose();
      reports.dispose();
    },
  };
}

function viewOf(editor: vscode.TextEditor | undefined): EditorView | undefined {
  if (editor === undefined) {
    return undefined;
  }
  const visible = editor.visibleRanges[0];
  const cursor = editor.selection.active;
  return {
    // The language client names documents by Uri.toString(), so the server finds the document under this URI.
    uri: editor.document.uri.toString(),
    scheme: editor.document.uri.scheme,
    ...(visible === undefined
      ? {}
      : {
          visibleRange: {
            start: { line: visible.start.line, character: visible.start.character },
            end: { line: visible.end.line, character: visible.end.character },
          },
        }),
    cursor: { line: cursor.line, character: cursor.character },
  };
}
