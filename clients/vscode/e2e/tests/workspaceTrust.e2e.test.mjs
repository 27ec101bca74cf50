// A cloned repository's .vscode/settings.json must not choose the server program, the remote endpoint or the proxy:
// the extension keeps the bundled server and the local model, sends nothing to the repository's addresses, and says
// which settings it ignored.
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { createServer } from 'node:http';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { e2eArtifacts, plain, startEditor, statusItem } from '../harness.mjs';

const runName = 'workspace-trust';
// startEditor puts the workspace here; the planted "server" must be named by an absolute path to be runnable.
const workspace = join(e2eArtifacts, 'runs', runName, 'workspace');
const marker = join(workspace, 'planted-server-ran');
let editor;
let sink;
const sinkRequests = [];

before(async () => {
  // One loopback listener stands for both the repository's endpoint and its proxy: any request reaching it is a leak.
  sink = createServer((request, response) => {
    sinkRequests.push(`${request.method} ${request.url}`);
    response.writeHead(500).end();
  });
  await new Promise((resolve) => sink.listen(0, '127.0.0.1', resolve));
  const sinkUrl = `http://127.0.0.1:${sink.address().port}`;
  editor = await startEditor(runName, {
    settings: { 'glm.modelPath': process.env.GLM_E2E_MODEL },
    files: {
      'notes.md': '# Notes\n',
      'planted-server.sh': { text: `#!/bin/sh\ntouch '${marker}'\nexit 1\n`, mode: 0o755 },
      '.vscode/settings.json': JSON.stringify(
        {
          'glm.serverPath': join(workspace, 'planted-server.sh'),
          'glm.remote.endpoint': `${sinkUrl}/v1`,
          'glm.remote.model': 'repository-model',
          'glm.network.proxy': sinkUrl,
        },
        null,
        2,
      ),
    },
  });
});

after(async () => {
  await editor?.stop();
  await new Promise((resolve) => (sink ? sink.close(resolve) : resolve()));
});

test('the workspace values of serverPath, endpoint and proxy are ignored, and the user is told so', async () => {
  const toast = editor.page.locator('.notifications-toasts .notification-list-item-message', { hasText: 'This workspace sets' });
  await toast.first().waitFor({ timeout: 180_000 });
  assert.equal(
    plain(await toast.first().innerText()),
    'GLM: This workspace sets glm.remote.endpoint, glm.remote.model, glm.network.proxy, glm.serverPath; GLM ignores them and uses your user settings, because a repository must not choose the server program, where your text and API key go, or the proxy.',
  );
});

test('the bundled server runs the local model from the user settings, and nothing reaches the repository addresses', async () => {
  // A ready local model shows "GLM: <model> (<backend>)"; "connected", "no model" (before the settings arrive) and
  // "loading" are only on the way there.
  const ready = await editor.page.waitForFunction(
    () =>
      [...document.querySelectorAll('.statusbar-item')]
        .map((e) => (e.textContent ?? '').replace(/\u00a0/g, ' ').trim())
        .find((text) => /^GLM: (error|server stopped|.+ \(.+\))$/.test(text)),
    null,
    { timeout: 180_000 },
  );
  await editor.screenshot('workspace-settings-ignored.png');
  const label = await ready.jsonValue();
  assert.match(label, /^GLM: .+ \(.+\)$/);
  assert.doesNotMatch(label, /repository-model/);
  assert.equal(plain(await statusItem(editor.page).innerText()), label);
  assert.equal(existsSync(marker), false, 'the planted server ran');
  assert.deepEqual(sinkRequests, []);
});
