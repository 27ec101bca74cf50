// Drives the built glm-lsp executable with Microsoft's own LSP client library for Node (the protocol code VS Code
// uses), to prove the server speaks the protocol as real clients do, not only as our .NET tests expect.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { existsSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  createProtocolConnection, StreamMessageReader, StreamMessageWriter,
  InitializeRequest, InitializedNotification, ShutdownRequest, ExitNotification,
  DidOpenTextDocumentNotification, InlineCompletionRequest, HoverRequest,
  ShowMessageNotification, ResponseError,
} from 'vscode-languageserver-protocol/node';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');

// The newest build of the server: run-tests.mjs builds Release first; a Debug build is used when it is newer.
function serverDll() {
  const candidates = ['Release', 'Debug']
    .map((c) => join(root, 'src', 'Glm.Lsp', 'bin', c, 'net10.0', 'glm-lsp.dll'))
    .filter((p) => existsSync(p))
    .sort((a, b) => statSync(b).mtimeMs - statSync(a).mtimeMs);
  assert.ok(candidates.length > 0, 'glm-lsp is not built: run dotnet build first');
  return candidates[0];
}

function start() {
  const child = spawn('dotnet', [serverDll(), '--stdio'], { stdio: ['pipe', 'pipe', 'pipe'] });
  let stderr = '';
  child.stderr.on('data', (d) => { stderr += d; });
  const exited = new Promise((resolve) => child.on('exit', (code) => resolve(code)));
  const connection = createProtocolConnection(new StreamMessageReader(child.stdout), new StreamMessageWriter(child.stdin));
  const messages = [];
  connection.onNotification(ShowMessageNotification.type, (p) => messages.push(p));
  connection.listen();
  return { child, connection, exited, messages, stderr: () => stderr };
}

const capabilities = { textDocument: { inlineCompletion: {} }, window: { workDoneProgress: false } };

test('initialize, shutdown and exit end the process with code 0', async () => {
  const server = start();
  const result = await server.connection.sendRequest(InitializeRequest.type, { processId: process.pid, rootUri: null, capabilities });
  assert.equal(result.serverInfo.name, 'glm-lsp');
  assert.deepEqual(result.capabilities.textDocumentSync, { openClose: true, change: 2 });
  assert.equal(result.capabilities.inlineCompletionProvider, true);
  assert.equal(result.capabilities.hoverProvider, true);
  assert.deepEqual(result.capabilities.codeActionProvider, { codeActionKinds: ['refactor.rewrite'], resolveProvider: true });
  assert.deepEqual(result.capabilities.executeCommandProvider, { commands: ['glm.translate', 'glm.rewrite'] });
  await server.connection.sendNotification(InitializedNotification.type, {});
  await server.connection.sendRequest(ShutdownRequest.type);
  await server.connection.sendNotification(ExitNotification.type);
  assert.equal(await server.exited, 0);
  server.connection.dispose();
});

test('a request before initialize is refused with ServerNotInitialized', async () => {
  const server = start();
  await assert.rejects(
    server.connection.sendRequest(HoverRequest.type, { textDocument: { uri: 'file:///a.md' }, position: { line: 0, character: 0 } }),
    (error) => error instanceof ResponseError && error.code === -32002
      && error.message === "The server is not initialized: send 'initialize' before 'textDocument/hover'.");
  await server.connection.sendNotification(ExitNotification.type);
  assert.equal(await server.exited, 1);
  server.connection.dispose();
});

test('without a model: one message naming glm.modelPath, empty results, status says why', async () => {
  const server = start();
  await server.connection.sendRequest(InitializeRequest.type, { processId: process.pid, rootUri: null, capabilities });
  await server.connection.sendNotification(InitializedNotification.type, {});
  await server.connection.sendNotification(DidOpenTextDocumentNotification.type, {
    textDocument: { uri: 'file:///notes/a.md', languageId: 'markdown', version: 1, text: '山川异域，😀\n' },
  });
  const items = await server.connection.sendRequest(InlineCompletionRequest.type, {
    textDocument: { uri: 'file:///notes/a.md' }, position: { line: 0, character: 7 }, context: { triggerKind: 2 },
  });
  assert.deepEqual(items, { items: [] });
  assert.equal(await server.connection.sendRequest(HoverRequest.type, { textDocument: { uri: 'file:///notes/a.md' }, position: { line: 0, character: 1 } }), null);
  // The load runs in the background after 'initialized': wait for its message rather than racing it.
  for (let i = 0; i < 100 && server.messages.length === 0; i++) await new Promise((r) => setTimeout(r, 50));
  const status = await server.connection.sendRequest('glm/getStatus');
  assert.equal(status.state, 'idle');
  assert.equal(status.setting, 'glm.modelPath');
  assert.deepEqual(server.messages, [
    { type: 2, message: 'glm-lsp: no model is configured: none of --model, initializationOptions.modelPath or the glm.modelPath setting is set. Point one at a GLM GGUF file (ChatGLM3-6B, GLM-4-9B or CodeGeeX4).' },
  ]);
  await server.connection.sendRequest(ShutdownRequest.type);
  await server.connection.sendNotification(ExitNotification.type);
  assert.equal(await server.exited, 0);
  server.connection.dispose();
});
