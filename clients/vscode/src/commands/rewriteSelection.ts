import * as vscode from 'vscode';
import type { RewritePreview } from '../rewrite/rewritePreview';
import { rewriteAsk, rewriteChoices } from '../rewrite/rewriteStyles';

/** Rewrite Selection…: a quick pick of the styles and a free instruction, then the streamed preview. */
export async function rewriteSelection(preview: RewritePreview): Promise<void> {
  const editor = vscode.window.activeTextEditor;
  if (editor === undefined || editor.selection.isEmpty) {
    void vscode.window.showInformationMessage('GLM: select the text to rewrite first.');
    return;
  }
  const choice = await vscode.window.showQuickPick(
    rewriteChoices.map((c) => ({ label: c.label, choice: c })),
    { title: 'Rewrite selection', placeHolder: 'How should the selection be rewritten?' },
  );
  if (choice === undefined) {
    return;
  }
  const instruction =
    choice.choice.custom === true
      ? await vscode.window.showInputBox({
          title: 'Rewrite selection',
          prompt: 'Instruction for the model',
          placeHolder: 'e.g. Turn this into a bulleted list',
        })
      : undefined;
  const ask = rewriteAsk(choice.choice, instruction);
  if (ask !== undefined) {
    await preview.start(editor, ask);
  }
}
