import * as vscode from 'vscode';

const previousModeKey = 'glm.completionModeBeforeToggle';

/**
 * Flips glm.completionMode between "off" and what it was before. The mode is the server's setting; turning it back
 * on restores the user's earlier value, or removes the override so the server's own default applies again.
 */
export async function toggleInlineCompletions(state: vscode.Memento): Promise<string> {
  const configuration = vscode.workspace.getConfiguration('glm');
  const current = configuration.get<string>('completionMode');
  if (current !== 'off') {
    const inspected = configuration.inspect<string>('completionMode');
    await state.update(previousModeKey, inspected?.globalValue);
    await configuration.update('completionMode', 'off', vscode.ConfigurationTarget.Global);
    return 'off';
  }
  const previous = state.get<string>(previousModeKey);
  await configuration.update('completionMode', previous, vscode.ConfigurationTarget.Global);
  return vscode.workspace.getConfiguration('glm').get<string>('completionMode') ?? 'on';
}
