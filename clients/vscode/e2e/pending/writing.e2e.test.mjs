// Needs the engine and a predictable test model (GLM_E2E_MODEL, e.g. from `glm-lsp make-test-model --out FILE`).
// Not verified yet: the exact texts depend on that model, so these tests assert that text appears and changes,
// and the lead pins the exact strings once the predictable model's output is known.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { plain, runCommand, startEditor } from '../harness.mjs';

const model = process.env.GLM_E2E_MODEL;
let editor;

before(async () => {
  if (!model) throw new Error('GLM_E2E_MODEL must name a GGUF test model for these scenarios.');
  editor = await startEditor('writing', {
    settings: { 'glm.modelPath': model, 'editor.inlineSuggest.enabled': true },
    files: {
      'notes.md': '# Notes\n\nThe quick brown fox\n',
      'main.py': '# 这个函数计算两个数的和\ndef add(a, b):\n    return a + b\n',
    },
  });
  await editor.page.waitForFunction(
    () =>
      [...document.querySelectorAll('.statusbar-item')].some((e) =>
        /GLM: (?!starting|connected|loading|no model|error)/.test(e.textContent ?? ''),
      ),
    null,
    { timeout: 120_000 },
  );
});

after(async () => {
  await editor?.stop();
});

async function open(file) {
  await editor.page.keyboard.press('Control+P');
  await editor.page.locator('.quick-input-widget input').fill(file);
  await editor.page.locator('.quick-input-list .monaco-list-row', { hasText: file }).first().waitFor();
  await editor.page.keyboard.press('Enter');
  await editor.page.locator('.monaco-editor .view-lines').first().waitFor();
}

function editorText() {
  return editor.page.locator('.editor-group-container.active .monaco-editor .view-lines').first().innerText().then(plain);
}

test('the status bar reaches ready with the model name and backend', async () => {
  await editor.screenshot('ready.png');
  assert.match(plain(await editor.page.locator('.statusbar-item', { hasText: 'GLM:' }).first().innerText()), /^GLM: .+ \(.+\)$/);
});

test('ghost text appears while typing in Markdown and Tab accepts it', async () => {
  await open('notes.md');
  await editor.page.keyboard.press('Control+End');
  await editor.page.keyboard.type(' jumps', { delay: 50 });
  const ghost = editor.page.locator('.ghost-text-decoration, .ghost-text');
  await ghost.first().waitFor({ timeout: 60_000 });
  const suggestion = plain(await ghost.first().innerText());
  await editor.screenshot('ghost-text.png');
  await editor.page.keyboard.press('Tab');
  assert.ok((await editorText()).includes(`jumps${suggestion}`.trim()));
});

test('Rewrite Selection… streams into the preview and Accept keeps the rewrite', async () => {
  await open('notes.md');
  await editor.page.keyboard.press('Control+Home');
  await editor.page.keyboard.press('ArrowDown');
  await editor.page.keyboard.press('ArrowDown');
  await editor.page.keyboard.press('Shift+End');
  const before = await editorText();
  await runCommand(editor.page, 'GLM: Rewrite Selection…');
  await editor.page.locator('.quick-input-list .monaco-list-row', { hasText: 'Make formal' }).first().waitFor();
  await editor.page.keyboard.type('Make formal');
  await editor.page.keyboard.press('Enter');
  await editor.page.locator('.codelens-decoration', { hasText: 'Accept' }).first().waitFor({ timeout: 120_000 });
  await editor.screenshot('rewrite-preview.png');
  await runCommand(editor.page, 'GLM: Accept Rewrite');
  assert.notEqual(await editorText(), before);
});

test('hovering a Chinese comment shows its English translation', async () => {
  await open('main.py');
  await editor.page.keyboard.press('Control+Home');
  await editor.page.keyboard.press('End');
  await editor.page.keyboard.press('Control+K');
  await editor.page.keyboard.press('Control+I');
  const hover = editor.page.locator('.monaco-hover-content');
  await hover.first().waitFor({ timeout: 60_000 });
  await editor.screenshot('hover-translation.png');
  assert.match(plain(await hover.first().innerText()), /[A-Za-z]/);
});
