// Prints the settings a glm-lsp server declares, as it answers glm/settingsSchema, so the settings-mirror unit test
// can compare package.json with the real server instead of the fixture:
//   node scripts/server-settings.mjs PATH/TO/glm-lsp > schema.json      (or PATH/TO/glm-lsp.dll, run with dotnet)
//   GLM_SETTINGS_SCHEMA=schema.json npm test
// `npm run settings:fixture` at the repository root regenerates the checked-in fixture with it.
// It speaks LSP through Microsoft's own protocol library over the server's stdio: initialize, the request, shutdown.
import { spawn } from 'node:child_process';
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
const { createProtocolConnection, StreamMessageReader, StreamMessageWriter } = require('vscode-languageserver-protocol/node');

const server = process.argv[2];
if (!server) {
  console.error('usage: node scripts/server-settings.mjs PATH/TO/glm-lsp[.dll]');
  process.exit(2);
}
const [command, ...args] = server.endsWith('.dll') ? ['dotnet', server, '--stdio'] : [server, '--stdio'];
const child = spawn(command, args, { stdio: ['pipe', 'pipe', 'inherit'] });
const connection = createProtocolConnection(new StreamMessageReader(child.stdout), new StreamMessageWriter(child.stdin));
// The server may ask for configuration or progress tokens; answer as a client without settings would.
connection.onRequest('workspace/configuration', (params) => params.items.map(() => null));
connection.onRequest('window/workDoneProgress/create', () => null);
connection.listen();
const timer = setTimeout(() => {
  console.error('glm-lsp did not answer within 60 s.');
  child.kill();
  process.exit(1);
}, 60_000);
try {
  await connection.sendRequest('initialize', { processId: process.pid, rootUri: null, capabilities: {} });
  const schema = await connection.sendRequest('glm/settingsSchema');
  await connection.sendRequest('shutdown');
  await connection.sendNotification('exit');
  console.log(JSON.stringify(schema, null, 2));
} catch (error) {
  console.error(`glm/settingsSchema failed: ${error.message}`);
  process.exitCode = 1;
} finally {
  clearTimeout(timer);
  connection.dispose();
  child.kill();
}
