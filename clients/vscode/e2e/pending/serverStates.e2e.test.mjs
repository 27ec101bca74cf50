// Needs the real glm-lsp language server bundled (not the skeleton's): the states it reports through glm.status.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { plain, startEditor, statusItem } from '../harness.mjs';

let editor;

before(async () => {
  editor = await startEditor('server-states', { files: { 'notes.md': '# Notes\n' } });
});

after(async () => {
  await editor?.stop();
});

async function waitForStatus(text) {
  await editor.page.waitForFunction(
    (expected) => [...document.querySelectorAll('.statusbar-item')].some((e) => (e.textContent ?? '').includes(expected)),
    text,
    { timeout: 90_000 },
  );
}

test('with no model configured the item says so, and a click opens the glm.modelPath setting', async () => {
  await waitForStatus('GLM: no model');
  assert.equal(plain(await statusItem(editor.page).innerText()), 'GLM: no model');
  await statusItem(editor.page).click();
  const search = editor.page.locator('.settings-editor .suggest-input-container .view-lines');
  await search.first().waitFor({ timeout: 30_000 });
  await editor.screenshot('no-model-setting.png');
  assert.equal(plain(await search.first().innerText()), 'glm.modelPath');
});

test('a model path that does not exist turns the item red with the server message', async () => {
  editor.writeSettings({ 'glm.modelPath': '/nonexistent/model.gguf' });
  await waitForStatus('GLM: error');
  await editor.screenshot('missing-model.png');
  assert.equal(plain(await statusItem(editor.page).innerText()), 'GLM: error');
});
