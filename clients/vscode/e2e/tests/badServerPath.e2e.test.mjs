// A user whose glm.serverPath points nowhere must be told so, with the setting to fix, and see a red status item.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { plain, startEditor, statusItem } from '../harness.mjs';

let editor;

before(async () => {
  editor = await startEditor('bad-server-path', { settings: { 'glm.serverPath': '/nonexistent/glm-lsp' } });
});

after(async () => {
  await editor?.stop();
});

test('a glm.serverPath that does not exist is reported with the setting to fix, and the item turns red', async () => {
  const toast = editor.page.locator('.notifications-toasts .notification-list-item-message', { hasText: 'glm.serverPath points at' });
  await toast.first().waitFor({ timeout: 90_000 });
  assert.equal(
    plain(await toast.first().innerText()),
    'GLM: glm.serverPath points at "/nonexistent/glm-lsp", which does not exist. Fix or clear the setting glm.serverPath.',
  );
  await editor.page.waitForFunction(
    () => [...document.querySelectorAll('.statusbar-item')].some((e) => (e.textContent ?? '').includes('GLM: server stopped')),
    null,
    { timeout: 30_000 },
  );
  await editor.screenshot('bad-server-path.png');
  assert.equal(plain(await statusItem(editor.page).innerText()), 'GLM: server stopped');
});
