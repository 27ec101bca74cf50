import * as vscode from 'vscode';
import { State, type LanguageClient } from 'vscode-languageclient/node';
import { createLanguageClient, userOnlyKeys } from './client/languageClient';
import { RestartPolicy } from './client/restartPolicy';
import { apiKeySecret, clearRemoteApiKey, setRemoteApiKey } from './commands/apiKey';
import { rewriteSelection } from './commands/rewriteSelection';
import { selectModelFile } from './commands/selectModelFile';
import { toggleInlineCompletions } from './commands/toggleInlineCompletions';
import { translateSelectionOrComment } from './commands/translate';
import { registerFocusReporter } from './focus/focusReporter';
import { methods, type GlmStatus } from './protocol';
import { RewritePreview } from './rewrite/rewritePreview';
import { ignoredSettingsMessage, keysSetByWorkspace } from './settings/userOnlySettings';
import { StatusBar } from './status/statusBar';

let client: LanguageClient | undefined;

/** What the extension hands to other extensions and to the end-to-end tests. */
export interface GlmExtensionApi {
  readonly statusText: () => string;
}

export async function activate(context: vscode.ExtensionContext): Promise<GlmExtensionApi> {
  const outputChannel = vscode.window.createOutputChannel('GLM Language Server', { log: true });
  const statusBar = new StatusBar('glm.statusBarClicked');
  // Five crashes within three minutes: beyond that a restart loop only hides the problem.
  const restartPolicy = new RestartPolicy(4, 3 * 60_000);
  const preview = new RewritePreview(
    () => client,
    (running) => {
      statusBar.apply({ kind: running ? 'generationStarted' : 'generationEnded' });
    },
  );
  // Only a running client is given reports: one that is starting or stopped cannot send them.
  const focus = registerFocusReporter(() => (client?.state === State.Running ? client : undefined));
  context.subscriptions.push(outputChannel, statusBar, preview, focus);

  void reportIgnoredWorkspaceSettings(userOnlyKeys(context.extension), outputChannel);

  const startClient = async (): Promise<void> => {
    try {
      // The API key reaches the server in its environment at spawn, never in a message a protocol trace would copy.
      const apiKey = await context.secrets.get(apiKeySecret);
      client = createLanguageClient(context, outputChannel, restartPolicy, apiKey);
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      outputChannel.appendLine(message);
      statusBar.apply({ kind: 'serverStopped', message });
      const choice = await vscode.window.showErrorMessage(`GLM: ${message}`, 'Open Settings');
      if (choice === 'Open Settings') {
        await vscode.commands.executeCommand('workbench.action.openSettings', 'glm.serverPath');
      }
      return;
    }
    const started = client;
    started.onDidChangeState((change) => {
      if (change.newState === State.Starting) {
        statusBar.apply({ kind: 'serverStarting' });
      } else if (change.newState === State.Running) {
        statusBar.apply({ kind: 'serverRunning' });
        focus.serverStarted();
      } else {
        statusBar.apply({ kind: 'serverStopped' });
      }
    });
    let lastLoggedState: string | undefined;
    // Registered before start, so no status is missed: the server sends one on every change, and this client never
    // needs to ask (glm/getStatus is for clients that start listening late).
    started.onNotification(methods.status, (status: GlmStatus) => {
      statusBar.apply({ kind: 'status', status });
      // The log keeps the load history (each percentage, ready, errors) but not the spinner of every generation.
      if (status.state !== 'generating' && (status.state !== 'ready' || lastLoggedState !== 'ready')) {
        outputChannel.appendLine(`Status: ${JSON.stringify(status)}`);
        lastLoggedState = status.state;
      }
    });
    statusBar.apply({ kind: 'serverStarting' });
    try {
      await started.start();
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      outputChannel.appendLine(`The server did not start: ${message}`);
      statusBar.apply({ kind: 'serverStopped', message: `The server did not start: ${message}` });
    }
  };

  const stopClient = async (): Promise<void> => {
    const running = client;
    client = undefined;
    if (running !== undefined) {
      try {
        // A client whose server failed to start rejects dispose; it is gone either way.
        await running.dispose(2_000);
      } catch (error) {
        outputChannel.appendLine(`Stopping the server: ${error instanceof Error ? error.message : String(error)}`);
      }
    }
  };

  context.subscriptions.push(
    vscode.commands.registerCommand('glm.rewriteSelection', () => rewriteSelection(preview)),
    vscode.commands.registerCommand('glm.translateSelection', () => translateSelectionOrComment(preview)),
    vscode.commands.registerCommand('glm.acceptRewrite', () => preview.accept()),
    vscode.commands.registerCommand('glm.discardRewrite', () => preview.discard()),
    vscode.commands.registerCommand('glm.selectModelFile', () => selectModelFile(client)),
    vscode.commands.registerCommand('glm.setRemoteApiKey', () => setRemoteApiKey(context.secrets)),
    vscode.commands.registerCommand('glm.clearRemoteApiKey', () => clearRemoteApiKey(context.secrets)),
    context.secrets.onDidChange((change) => {
      if (change.key === apiKeySecret) {
        // A running process cannot be given a new environment: a new or cleared key means a new server.
        outputChannel.appendLine('The remote API key changed: restarting the server.');
        restartPolicy.reset();
        void stopClient().then(startClient);
      }
    }),
    vscode.commands.registerCommand('glm.showServerLog', () => {
      outputChannel.show(true);
    }),
    vscode.commands.registerCommand('glm.restartServer', async () => {
      restartPolicy.reset();
      await stopClient();
      await startClient();
    }),
    vscode.commands.registerCommand('glm.toggleInlineCompletions', async () => {
      const mode = await toggleInlineCompletions(context.globalState);
      void vscode.window.showInformationMessage(`GLM: inline completions ${mode === 'off' ? 'off' : `on (${mode})`}.`);
    }),
    vscode.commands.registerCommand('glm.statusBarClicked', async () => {
      const click = statusBar.currentClick;
      if (click.kind === 'openSetting') {
        await vscode.commands.executeCommand('workbench.action.openSettings', click.setting);
      } else if (click.kind === 'showLog') {
        outputChannel.show(true);
      } else {
        await vscode.commands.executeCommand('workbench.action.quickOpen', '>GLM: ');
      }
    }),
    vscode.workspace.onDidChangeConfiguration(async (change) => {
      // The server follows its own settings live; only a different executable needs a new process.
      if (change.affectsConfiguration('glm.serverPath')) {
        outputChannel.appendLine('glm.serverPath changed: restarting the server.');
        restartPolicy.reset();
        await stopClient();
        await startClient();
      }
    }),
    { dispose: () => void stopClient() },
  );

  await startClient();
  return { statusText: () => statusBar.current.load ?? statusBar.current.server };
}

/**
 * Tells the user, once per window, which settings of this workspace are ignored because only user settings may set
 * them (the server program, the remote endpoint, the proxy, CA certificates, tracing).
 */
async function reportIgnoredWorkspaceSettings(keys: readonly string[], outputChannel: vscode.LogOutputChannel): Promise<void> {
  const files = (vscode.workspace.workspaceFolders ?? []).map((folder) => vscode.Uri.joinPath(folder.uri, '.vscode', 'settings.json'));
  if (vscode.workspace.workspaceFile?.scheme === 'file') {
    files.push(vscode.workspace.workspaceFile);
  }
  const texts: string[] = [];
  for (const file of files) {
    try {
      texts.push(new TextDecoder().decode(await vscode.workspace.fs.readFile(file)));
    } catch {
      // No settings file in this folder.
    }
  }
  const configuration = vscode.workspace.getConfiguration();
  const ignored = keysSetByWorkspace(keys, (key) => configuration.inspect(key), texts);
  if (ignored.length > 0) {
    const message = ignoredSettingsMessage(ignored);
    outputChannel.appendLine(message);
    void vscode.window.showWarningMessage(`GLM: ${message}`);
  }
}

export async function deactivate(): Promise<void> {
  const running = client;
  client = undefined;
  await running?.stop();
}
