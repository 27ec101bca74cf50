import * as vscode from 'vscode';
import type { RewritePreview } from '../rewrite/rewritePreview';
import { translationStyle } from '../rewrite/rewriteStyles';

/**
 * Translate Selection / Comment: a selection is translated through the rewrite preview (the direction follows
 * glm.translationTarget); without a selection the server's "Translate comment" code action at the
 * cursor is applied.
 */
export async function translateSelectionOrComment(preview: RewritePreview): Promise<void> {
  const editor = vscode.window.activeTextEditor;
  if (editor === undefined) {
    return;
  }
  if (!editor.selection.isEmpty) {
    const target = vscode.workspace.getConfiguration('glm').get<string>('translationTarget');
    await preview.start(editor, { style: translationStyle(editor.document.getText(editor.selection), target) });
    return;
  }
  const actions =
    (await vscode.commands.executeCommand<(vscode.CodeAction | vscode.Command)[] | undefined>(
      'vscode.executeCodeActionProvider',
      editor.document.uri,
      new vscode.Range(editor.selection.active, editor.selection.active),
    )) ?? [];
  const translations = actions.filter((action) => action.title.toLowerCase().startsWith('translate'));
  const picked =
    translations.length <= 1
      ? translations[0]
      : (await vscode.window.showQuickPick(translations.map((action) => ({ label: action.title, action }))))?.action;
  if (picked === undefined) {
    if (translations.length === 0) {
      void vscode.window.showInformationMessage('GLM: select text, or put the cursor in a comment, to translate.');
    }
    return;
  }
  await runCodeAction(await resolved(editor, picked));
}

/**
 * The server computes a code action's edit lazily (codeAction/resolve), so the picked action is fetched again with
 * resolving on; only actions of the same kind are asked for, so other actions (rewrites) are not generated for nothing.
 */
async function resolved(
  editor: vscode.TextEditor,
  action: vscode.CodeAction | vscode.Command,
): Promise<vscode.CodeAction | vscode.Command> {
  if (!(action instanceof vscode.CodeAction) || action.edit !== undefined || action.command !== undefined) {
    return action;
  }
  const sameKind =
    (await vscode.commands.executeCommand<(vscode.CodeAction | vscode.Command)[] | undefined>(
      'vscode.executeCodeActionProvider',
      editor.document.uri,
      new vscode.Range(editor.selection.active, editor.selection.active),
      action.kind?.value,
      50,
    )) ?? [];
  return sameKind.find((candidate) => candidate.title === action.title) ?? action;
}

async function runCodeAction(action: vscode.CodeAction | vscode.Command): Promise<void> {
  if ('command' in action && typeof action.command === 'string') {
    await vscode.commands.executeCommand(action.command, ...(((action as vscode.Command).arguments ?? []) as unknown[]));
    return;
  }
  const codeAction = action as vscode.CodeAction;
  if (codeAction.edit !== undefined) {
    await vscode.workspace.applyEdit(codeAction.edit);
  }
  if (codeAction.command !== undefined) {
    await vscode.commands.executeCommand(codeAction.command.command, ...((codeAction.command.arguments ?? []) as unknown[]));
  }
}
