import * as vscode from 'vscode';

/** The key under which the remote backend's API key lives in VS Code's secret storage. */
export const apiKeySecret = 'glm.remoteApiKey';

/** GLM: Set Remote API Key…: a password box; the key goes to secret storage only, never to settings or logs. */
export async function setRemoteApiKey(secrets: vscode.SecretStorage): Promise<void> {
  const key = await vscode.window.showInputBox({
    title: 'GLM: remote API key',
    prompt: "The API key of the OpenAI-compatible endpoint. It is kept in VS Code's secret storage.",
    password: true,
    ignoreFocusOut: true,
  });
  if (key === undefined) {
    return;
  }
  if (key.trim().length === 0) {
    await secrets.delete(apiKeySecret);
  } else {
    await secrets.store(apiKeySecret, key.trim());
  }
  void vscode.window.showInformationMessage(key.trim().length === 0 ? 'GLM: remote API key cleared.' : 'GLM: remote API key stored.');
}

/** GLM: Clear Remote API Key. */
export async function clearRemoteApiKey(secrets: vscode.SecretStorage): Promise<void> {
  await secrets.delete(apiKeySecret);
  void vscode.window.showInformationMessage('GLM: remote API key cleared.');
}
