import * as vscode from 'vscode';

/** Asks for a GGUF file and writes it to glm.modelPath where the user keeps it (workspace or user settings). */
export async function selectModelFile(): Promise<void> {
  const picked = await vscode.window.showOpenDialog({
    canSelectMany: false,
    canSelectFolders: false,
    openLabel: 'Use this model',
    title: 'GLM model file (GGUF)',
    filters: { 'GGUF model': ['gguf'] },
  });
  const file = picked?.[0];
  if (file === undefined) {
    return;
  }
  const configuration = vscode.workspace.getConfiguration('glm');
  const inspected = configuration.inspect<string>('modelPath');
  const target = inspected?.workspaceValue !== undefined ? vscode.ConfigurationTarget.Workspace : vscode.ConfigurationTarget.Global;
  await configuration.update('modelPath', file.fsPath, target);
}
