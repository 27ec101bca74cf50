/**
 * Settings a workspace must not choose: the server executable, where text and the API key go (remote endpoint,
 * proxy, CA certificates) and protocol tracing. package.json gives them scope "application" or "machine", which makes
 * VS Code ignore them in workspace settings; this module is the extension's own check on top, so an editor that
 * applied such a value anyway (or a future scope change) still cannot hand it to the server.
 * Pure logic: no vscode import, unit tested under node --test.
 */
import * as path from 'node:path';

/** The scopes that keep a setting out of workspace and folder settings. */
const userOnlyScopes: readonly string[] = ['application', 'machine'];

/** At most this many model folders are handed to the server; a repository cannot make the scan list grow. */
export const maxModelDirectories = 16;

/** What vscode.WorkspaceConfiguration.inspect answers, reduced to what is read here. */
export interface SettingInspection {
  readonly defaultValue?: unknown;
  readonly globalValue?: unknown;
  readonly workspaceValue?: unknown;
  readonly workspaceFolderValue?: unknown;
}

/** The user-only settings ("glm.serverPath", …) of package.json's contributes.configuration.properties. */
export function userOnlySettingKeys(properties: Readonly<Record<string, unknown>>): string[] {
  return Object.entries(properties)
    .filter(([, schema]) => {
      const scope = typeof schema === 'object' && schema !== null ? (schema as { scope?: unknown }).scope : undefined;
      return typeof scope === 'string' && userOnlyScopes.includes(scope);
    })
    .map(([key]) => key);
}

/** The value from the user's own settings, else the declared default; a workspace value never counts. */
export function userLevelValue(inspection: SettingInspection | undefined): unknown {
  return inspection?.globalValue !== undefined ? inspection.globalValue : inspection?.defaultValue;
}

/**
 * The user-only keys a workspace tries to set: seen by VS Code (inspect) or written in a workspace settings file.
 * VS Code drops such values before inspect sees them, so the raw text of .vscode/settings.json and of the
 * .code-workspace file is searched too; that is how the user learns why the repository's value has no effect.
 */
export function keysSetByWorkspace(
  keys: readonly string[],
  inspect: (key: string) => SettingInspection | undefined,
  workspaceSettingsTexts: readonly string[],
): string[] {
  return keys.filter((key) => {
    const inspection = inspect(key);
    if (inspection?.workspaceValue !== undefined || inspection?.workspaceFolderValue !== undefined) {
      return true;
    }
    const quoted = new RegExp(`"${key.replace(/\./g, '\\.')}"\\s*:`);
    return workspaceSettingsTexts.some((text) => quoted.test(text));
  });
}

/** The one sentence shown (and logged) when a workspace sets user-only settings. */
export function ignoredSettingsMessage(keys: readonly string[]): string {
  return (
    `This workspace sets ${keys.join(', ')}; GLM ignores ${keys.length === 1 ? 'it' : 'them'} and uses your user settings, ` +
    'because a repository must not choose the server program, where your text and API key go, or the proxy.'
  );
}

/**
 * Replaces the user-only values inside the "glm" section (nested as VS Code answers workspace/configuration, e.g.
 * { remote: { endpoint } }) with the user-level ones. The section is copied, never changed in place.
 */
export function withUserLevelValues(
  section: Readonly<Record<string, unknown>>,
  keys: readonly string[],
  userValue: (key: string) => unknown,
): Record<string, unknown> {
  const result = structuredClone(section) as Record<string, unknown>;
  for (const key of keys) {
    const parts = key.replace(/^glm\./, '').split('.');
    let node = result;
    for (const part of parts.slice(0, -1)) {
      const child = node[part];
      node[part] = typeof child === 'object' && child !== null ? child : {};
      node = node[part] as Record<string, unknown>;
    }
    node[parts[parts.length - 1] ?? ''] = userValue(key);
  }
  return result;
}

/**
 * glm.modelDirectories as the server gets it: relative entries resolved against the first workspace folder (the
 * server's own working directory means nothing to the user), blank ones dropped, at most maxModelDirectories.
 */
export function resolveModelDirectories(value: unknown, workspaceFolder: string | undefined): string[] {
  if (!Array.isArray(value)) {
    return [];
  }
  return value
    .filter((entry): entry is string => typeof entry === 'string' && entry.trim().length > 0)
    .map((entry) => (path.isAbsolute(entry) || workspaceFolder === undefined ? entry : path.resolve(workspaceFolder, entry)))
    .slice(0, maxModelDirectories);
}

/**
 * The environment of the server process. The remote API key travels here, at spawn, and never as a JSON-RPC message
 * (those are copied into the output channel when glm.trace.server is on); no key leaves GLM_LSP_API_KEY as the user's
 * own environment had it. DOTNET_EnableDiagnostics=0 keeps the .NET runtime from opening its diagnostic socket (or
 * pipe) on every platform; the server switches it off itself only on Linux. GLM_LSP_ALLOW_DIAGNOSTICS=1 keeps it.
 */
export function serverEnvironment(base: NodeJS.ProcessEnv, apiKey: string | undefined): NodeJS.ProcessEnv {
  const environment = { ...base };
  if (base.GLM_LSP_ALLOW_DIAGNOSTICS !== '1') {
    environment.DOTNET_EnableDiagnostics = '0';
  }
  if (apiKey !== undefined && apiKey.length > 0) {
    environment.GLM_LSP_API_KEY = apiKey;
  }
  return environment;
}
