import * as vscode from 'vscode';
import type { LanguageClient } from 'vscode-languageclient/node';
import { modelPickItems, type ModelPickItem } from '../models/modelPickItems';
import { methods, type FoundModel, type ModelsResult } from '../protocol';

/** How long the quick pick waits for glm/models before falling back to the file dialog alone. */
const modelsTimeoutMs = 10_000;

/**
 * Select Model File…: a quick pick of the models the server found (glm/models) plus "Browse…", or the file dialog
 * alone when the server cannot list models; the choice is written to glm.modelPath where the user keeps it.
 */
export async function selectModelFile(client: LanguageClient | undefined): Promise<void> {
  const configuration = vscode.workspace.getConfiguration('glm');
  const current = configuration.get<string>('modelPath');
  const models = await foundModels(client);
  let file: string | undefined;
  if (models === undefined) {
    file = await browse();
  } else {
    const picked = await vscode.window.showQuickPick<ModelPickItem & vscode.QuickPickItem>(modelPickItems(models, current), {
      title: 'GLM model',
      placeHolder: 'A model the server found, or Browse… for a GGUF file',
      matchOnDescription: true,
      matchOnDetail: true,
    });
    if (picked === undefined) {
      return;
    }
    const chosen = models.find((model) => model.path === picked.path);
    if (chosen !== undefined && !chosen.runnable) {
      void vscode.window.showWarningMessage(`GLM: ${chosen.name} cannot be used: ${chosen.problem ?? 'the server cannot run it'}.`);
      return;
    }
    file = picked.path ?? (await browse());
  }
  if (file === undefined) {
    return;
  }
  const inspected = configuration.inspect<string>('modelPath');
  const target = inspected?.workspaceValue !== undefined ? vscode.ConfigurationTarget.Workspace : vscode.ConfigurationTarget.Global;
  await configuration.update('modelPath', file, target);
}

async function browse(): Promise<string | undefined> {
  const picked = await vscode.window.showOpenDialog({
    canSelectMany: false,
    canSelectFolders: false,
    openLabel: 'Use this model',
    title: 'GLM model file (GGUF)',
    filters: { 'GGUF model': ['gguf'] },
  });
  return picked?.[0]?.fsPath;
}

/** The server's list, or undefined when there is no running server or it does not know glm/models. */
async function foundModels(client: LanguageClient | undefined): Promise<readonly FoundModel[] | undefined> {
  if (client === undefined || !client.isRunning()) {
    return undefined;
  }
  try {
    const result = await Promise.race([
      client.sendRequest<ModelsResult>(methods.models, {}),
      new Promise<undefined>((resolve) => {
        setTimeout(() => {
          resolve(undefined);
        }, modelsTimeoutMs);
      }),
    ]);
    return Array.isArray(result?.models) ? result.models : undefined;
  } catch {
    // An older server answers MethodNotFound: the file dialog still works.
    return undefined;
  }
}
