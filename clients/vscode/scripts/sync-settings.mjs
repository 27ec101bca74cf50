// Writes contributes.configuration of package.json from the server's settings declaration, so the extension never
// invents a default: `node scripts/sync-settings.mjs SCHEMA.json` (the JSON glm-lsp answers to glm/settingsSchema).
// Client-only settings (where the server is, protocol tracing) are kept as they are.
import { readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const schemaFile = process.argv[2] ?? process.env.GLM_SETTINGS_SCHEMA;
if (!schemaFile) {
  console.error('usage: node scripts/sync-settings.mjs SCHEMA.json (or set GLM_SETTINGS_SCHEMA)');
  process.exit(2);
}
const clientOnly = {
  'glm.serverPath': {
    type: 'string',
    default: '',
    // machine: a workspace must never choose the executable VS Code runs.
    scope: 'machine',
    description: 'Path to a glm-lsp executable to use instead of the server bundled with the extension. Empty: use the bundled server.',
  },
  'glm.trace.server': {
    type: 'string',
    default: 'off',
    enum: ['off', 'messages', 'verbose'],
    // application: a trace copies every document into the output channel, so only the user may turn it on.
    scope: 'application',
    description: 'Traces the messages between VS Code and the glm-lsp server in the server log.',
  },
};
const schema = JSON.parse(readFileSync(schemaFile, 'utf8'));
const serverProperties = Array.isArray(schema)
  ? Object.fromEntries(schema.map(({ key, ...rest }) => [key.startsWith('glm.') ? key : `glm.${key}`, rest]))
  : (schema.properties ?? schema);
const packageFile = join(root, 'package.json');
const packageJson = JSON.parse(readFileSync(packageFile, 'utf8'));
packageJson.contributes.configuration = {
  title: schema.title ?? 'GLM',
  properties: { ...serverProperties, ...clientOnly },
};
// Settings a workspace may not set (scope application or machine) are also restricted in untrusted workspaces, where
// the extension runs in limited mode; the list is derived from the scopes so the two cannot drift apart.
const properties = packageJson.contributes.configuration.properties;
packageJson.capabilities = {
  untrustedWorkspaces: {
    supported: 'limited',
    description:
      'In an untrusted workspace the server path, the remote endpoint, the proxy, the CA certificates, tracing and the model paths are taken from your user settings only.',
    restrictedConfigurations: [
      ...Object.keys(properties).filter((key) => ['application', 'machine'].includes(properties[key].scope)),
      // The model files and folders a workspace points at are read by the server; an untrusted one may not choose them.
      'glm.modelPath',
      'glm.modelDirectories',
    ],
  },
};
writeFileSync(packageFile, JSON.stringify(packageJson, null, 2) + '\n');
console.log(`package.json: ${Object.keys(serverProperties).length} server settings, ${Object.keys(clientOnly).length} client settings.`);
