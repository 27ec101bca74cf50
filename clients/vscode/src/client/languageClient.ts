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
import {
  resolveModelDirectories,
  serverEnvironment,
  userLevelValue,
  userOnlySettingKeys,
  withUserLevelValues,
} from '../settings/userOnlySettings';
import { RestartPolicy } from './restartPolicy';
import { locateServer } from './serverLocation';

type PackageJson = { contributes?: { configuration?: { properties?: Record<string, unknown> } } };

/** The declared settings of package.json ("glm.modelPath" → its schema). */
function declaredSettings(extension: vscode.Extension<unknown>): Record<string, unknown> {
  return (extension.packageJSON as PackageJson).contributes?.configuration?.properties ?? {};
}

/** The settings only the user may set (scope application or machine), from package.json. */
export function userOnlyKeys(extension: vscode.Extension<unknown>): string[] {
  return userOnlySettingKeys(declaredSettings(extension));
}

/** A user-only setting's value from the user's own settings, never from the workspace. */
export function userSetting(key: string): unknown {
  return userLevelValue(vscode.workspace.getConfiguration().inspect(key));
}

/**
 * The "glm" section as the server may see it: user-only settings from the user's settings alone, and model folders
 * resolved against the workspace and bounded.
 */
function sanitizedSection(section: Record<string, unknown>, userOnly: readonly string[]): Record<string, unknown> {
  const sanitized = withUserLevelValues(section, userOnly, userSetting);
  if ('modelDirectories' in sanitized) {
    sanitized.modelDirectories = resolveModelDirectories(sanitized.modelDirectories, vscode.workspace.workspaceFolders?.[0]?.uri.fsPath);
  }
  return sanitized;
}

/** The server's own settings as the user configured them, sent as initializationOptions ({ "glm": {...} }). */
export function serverSettings(extension: vscode.Extension<unknown>): Record<string, unknown> {
  const configuration = vscode.workspace.getConfiguration('glm');
  const settings: Record<string, unknown> = {};
  for (const key of Object.keys(declaredSettings(extension))) {
    if (!clientOnlySettings.includes(key)) {
      const name = key.slice('glm.'.length);
      settings[name] = configuration.get(name);
    }
  }
  return { glm: sanitizedSection(settings, userOnlyKeys(extension)) };
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
  apiKey: string | undefined,
): LanguageClient {
  const serverPath = userSetting('glm.serverPath');
  const location = locateServer(
    typeof serverPath === 'string' ? serverPath : undefined,
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
    options: { env: serverEnvironment(process.env, apiKey) },
  };
  const userOnly = userOnlyKeys(context.extension);
  const clientOptions: LanguageClientOptions = {
    documentSelector: [{ scheme: 'file' }, { scheme: 'untitled' }],
    // The glm-lsp server does not register workspace/didChangeConfiguration dynamically, so without this section
    // the client would never tell it that a setting changed; the server then pulls the section itself.
    // eslint-disable-next-line @typescript-eslint/no-deprecated
    synchronize: { configurationSection: 'glm' },
    initializationOptions: () => serverSettings(context.extension),
    middleware: {
      workspace: {
        // VS Code already ignores user-only settings in a workspace; this makes sure the server never gets one either.
        configuration: async (params, token, next) => {
          const answer = await next(params, token);
          if (!Array.isArray(answer)) {
            return answer;
          }
          return answer.map((value: unknown, index) =>
            params.items[index]?.section === 'glm' && typeof value === 'object' && value !== null
              ? sanitizedSection(value as Record<string, unknown>, userOnly)
              : value,
          );
        },
      },
    },
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
