/**
 * The extension declares no settings of its own design: contributes.configuration must mirror what the server
 * declares (glm-lsp answers glm/settingsSchema with it). This module compares the two and names every difference.
 */

/** One setting as VS Code's contributes.configuration.properties describes it. */
export interface SettingSchema {
  readonly type?: unknown;
  readonly default?: unknown;
  readonly description?: unknown;
  readonly enum?: unknown;
  readonly minimum?: unknown;
  readonly pattern?: unknown;
  readonly items?: unknown;
  readonly scope?: unknown;
}

/** Settings that exist only in the client (where to find the server, protocol tracing): the server cannot know them. */
export const clientOnlySettings: readonly string[] = ['glm.serverPath', 'glm.trace.server'];

/** The fields compared; markdownDescription, order and the like are presentation and may differ. */
const comparedFields: readonly (keyof SettingSchema)[] = ['type', 'default', 'description', 'enum', 'minimum', 'pattern', 'items', 'scope'];

/**
 * Reads the server's declaration in any of the shapes it may be printed in: VS Code's configuration object
 * ({ title, properties: { "glm.modelPath": {...} } }), its bare properties object, or a list of
 * { key, type, default, description, enum? } where key is "modelPath" or "glm.modelPath".
 */
export function normalizeServerSettings(declared: unknown, section = 'glm'): Map<string, SettingSchema> {
  const result = new Map<string, SettingSchema>();
  const qualify = (key: string): string => (key.startsWith(`${section}.`) ? key : `${section}.${key}`);
  if (Array.isArray(declared)) {
    for (const entry of declared as unknown[]) {
      if (!isRecord(entry) || typeof entry.key !== 'string') {
        throw new Error(`The server's settings list has an entry without a string "key": ${JSON.stringify(entry)}.`);
      }
      const { key, ...schema } = entry;
      result.set(qualify(key), schema);
    }
    return result;
  }
  if (!isRecord(declared)) {
    throw new Error('The server settings declaration is neither an object nor a list.');
  }
  const properties = isRecord(declared.properties) ? declared.properties : declared;
  for (const [key, schema] of Object.entries(properties)) {
    if (!isRecord(schema)) {
      throw new Error(`The server's setting ${key} is not an object.`);
    }
    result.set(qualify(key), schema);
  }
  return result;
}

/** The contributed settings from the extension's package.json. */
export function contributedSettings(packageJson: unknown): Map<string, SettingSchema> {
  const contributes = isRecord(packageJson) ? packageJson.contributes : undefined;
  const configuration = isRecord(contributes) ? contributes.configuration : undefined;
  const sections = Array.isArray(configuration) ? (configuration as unknown[]) : [configuration];
  const result = new Map<string, SettingSchema>();
  for (const section of sections) {
    if (isRecord(section) && isRecord(section.properties)) {
      for (const [key, schema] of Object.entries(section.properties)) {
        result.set(key, isRecord(schema) ? schema : {});
      }
    }
  }
  return result;
}

/** Every difference between the two declarations, one readable sentence each; empty when they mirror each other. */
export function compareSettings(
  contributed: ReadonlyMap<string, SettingSchema>,
  server: ReadonlyMap<string, SettingSchema>,
  clientOnly: readonly string[] = clientOnlySettings,
): string[] {
  const problems: string[] = [];
  for (const [key, serverSchema] of server) {
    const mine = contributed.get(key);
    if (mine === undefined) {
      problems.push(`${key} is declared by the server but missing from package.json.`);
      continue;
    }
    for (const field of comparedFields) {
      const expected = canonicalJson(serverSchema[field]);
      const actual = canonicalJson(mine[field]);
      if (expected !== actual) {
        problems.push(`${key}: ${field} is ${actual ?? 'absent'} in package.json but ${expected ?? 'absent'} in the server.`);
      }
    }
  }
  for (const key of contributed.keys()) {
    if (!server.has(key) && !clientOnly.includes(key)) {
      problems.push(`${key} is in package.json but the server does not declare it.`);
    }
  }
  return problems;
}

/** JSON with object keys sorted, so the order of keys never counts as a difference; undefined stays undefined. */
export function canonicalJson(value: unknown): string | undefined {
  if (value === undefined) {
    return undefined;
  }
  return JSON.stringify(value, (_key, inner: unknown) =>
    isRecord(inner) && !Array.isArray(inner)
      ? Object.fromEntries(Object.entries(inner).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)))
      : inner,
  );
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
