import * as fs from 'node:fs';
import * as vscode from 'vscode';
import {
  CloseAction,
  ErrorAction,
  LanguageClient,
  TransportKind,
  type LanguageClientOptions,
  type ServerOptions,
} from 'vscode-languageclient/node';
import { vsCodeTarget } from '../platform';
import { clientOnlySettings } from '../settings/settingsMirror';
import { RestartPolicy } from './restartPolicy';
import { locateServer } from './serverLocation';

/** The server's own settings as the user configured them, sent as initializationOptions ({ "glm": {...} }). */
export function serverSettings(extension: vscode.Extension<unknown>): Record<string, unknown> {
  const configuration = vscode.workspace.getConfiguration('glm');
  const packageJson = extension.packageJSON as { contributes?: { configuration?: { properties?: Record<string, unknown> } } };
  const declared = Object.keys(packageJson.contributes?.configuration?.properties ?? {});
  const settings: Record<string, unknown> = {};
  for (const key of declared) {
    if (!clientOnlySettings.includes(key)) {
      const name = key.slice('glm.'.length);
      settings[name] = configuration.get(name);
    }
  }
  return { glm: settings };
}

/**
 * Creates (does not start) the language client. Documents of every language are synchronised because the server
 * itself decides where it works (glm.completionLanguages); after a crash the client restarts the server and re-opens
 * the open documents, which vscode-languageclient does on restart.
 */
export function createLanguageClient(
  context: vscode.ExtensionContext,
  outputChannel: vscode.LogOutputChannel,
  restartPolicy: RestartPolicy,
): LanguageClient {
  const configuration = vscode.workspace.getConfiguration('glm');
  const location = locateServer(
    configuration.get<string>('serverPath'),
    context.extensionPath,
    vsCodeTarget(process.platform, process.arch),
    (file) => fs.existsSync(file),
  );
  if (location.source === 'bundled') {
    ensureExecutable(location.command);
  }
  outputChannel.appendLine(`Starting ${location.command} (${location.source === 'setting' ? 'from glm.serverPath' : 'bundled'}).`);
  const serverOptions: ServerOptions = {
    // TransportKind.stdio makes the client add --stdio to the arguments.
    command: location.command,
    args: [],
    transport: TransportKind.stdio,
  };
  const clientOptions: LanguageClientOptions = {
    documentSelector: [{ scheme: 'file' }, { scheme: 'untitled' }],
    // The glm-lsp server does not register workspace/didChangeConfiguration dynamically, so without this section
    // the client would never tell it that a setting changed; the server then pulls the section itself.
    // eslint-disable-next-line @typescript-eslint/no-deprecated
    synchronize: { configurationSection: 'glm' },
    initializationOptions: () => serverSettings(context.extension),
    outputChannel,
    connectionOptions: { maxRestartCount: restartPolicy.maxRestarts },
    errorHandler: {
      error: () => ({ action: ErrorAction.Continue }),
      closed: () =>
        restartPolicy.shouldRestart(Date.now())
          ? { action: CloseAction.Restart, handled: true }
          : { action: CloseAction.DoNotRestart, message: restartPolicy.describeGivingUp() },
    },
  };
  return new LanguageClient('glm', 'GLM Language Server', serverOptions, clientOptions);
}

/** Zip extraction may drop the executable bit of the bundled server; without it the spawn fails with EACCES. */
function ensureExecutable(file: string): void {
  if (process.platform === 'win32') {
    return;
  }
  try {
    fs.accessSync(file, fs.constants.X_OK);
  } catch {
    fs.chmodSync(file, 0o755);
  }
}
