// The rewrite preview while the user keeps typing elsewhere in the same document, in a real VS Code with the real
// server on the predictable test model (it answers every rewrite with one fixed sentence). The server spaces the
// partial results three seconds apart (the partial-result-spacing-ms diagnostic switch), so the preview streams for ~20 s
// and the typing below happens mid-stream; the test checks that it did.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { runCommand, startEditor } from '../harness.mjs';

const model = process.env.GLM_E2E_MODEL;
const chatAnswer = 'Hi there! How can I help you today?';
let editor;

before(async () => {
  if (!model) throw new Error('GLM_E2E_MODEL must name the predictable test model (glm-tools make-test-model --out FILE).');
  editor = await startEditor('rewrite-typing', {
    // No ghost text: the typing below must change the document by exactly what is typed.
    settings: { 'glm.modelPath': model, 'glm.logLevel': 'debug', 'editor.inlineSuggest.enabled': false, 'files.autoSave': 'off' },
    files: { 'typing.md': '# Typing\n\nthis sentence need a rewrite\n\nTail.\n' },
    env: { GLM_LSP_DIAGNOSTICS: 'partial-result-spacing-ms=3000' },
  });
});

after(async () => {
  await editor?.stop();
});

/** Saves the active editor and returns the file once it holds the expected text (or after 10 s, whatever is there). */
async function saveAndRead(file, expected) {
  await editor.page.keyboard.press('Control+S');
  const path = join(editor.dirs.workspace, file);
  const deadline = Date.now() + 10_000;
  let text = readFileSync(path, 'utf8');
  while (text !== expected && Date.now() < deadline) {
    await new Promise((resolve) => setTimeout(resolve, 200));
    text = readFileSync(path, 'utf8');
  }
  return text;
}

test('typing before and after a streaming rewrite preview keeps every typed character where it was typed', async () => {
  const page = editor.page;
  await page.waitForFunction(
    () => [...document.querySelectorAll('.statusbar-item')].some((e) => /GLM: glm-lsp predictable test model/.test(e.textContent ?? '')),
    undefined,
    { timeout: 120_000 },
  );
  await page.keyboard.press('Control+P');
  await page.locator('.quick-input-widget input').fill('typing.md');
  await page.locator('.quick-input-list .monaco-list-row', { hasText: 'typing.md' }).first().waitFor();
  await page.keyboard.press('Enter');
  await page.locator('.tab.active', { hasText: 'typing.md' }).waitFor();
  const lines = page.locator('.editor-group-container.active .monaco-editor .view-lines').first();
  await lines.click();
  await page.keyboard.press('Control+Home');
  await page.keyboard.press('ArrowDown');
  await page.keyboard.press('ArrowDown');
  await page.keyboard.press('Shift+End');

  await runCommand(page, 'GLM: Rewrite Selection…');
  await page.locator('.quick-input-list .monaco-list-row', { hasText: 'Make formal' }).first().waitFor();
  await page.keyboard.type('Make formal');
  await page.keyboard.press('Enter');
  // The status item spins while the client's rewrite request runs, and the first partial text is in the document: the
  // preview is streaming. The "GLM is rewriting" CodeLens is not the signal: the editor asks for lenses again after each
  // streamed edit, and on a loaded machine it showed none during a whole 30 s stream.
  const rewriting = page.locator('.statusbar-item', { hasText: 'GLM: glm-lsp predictable test model' }).locator('.codicon-sync');
  await rewriting.waitFor({ timeout: 60_000 }).catch(async (error) => {
    await editor.screenshot('rewrite-typing-failure.png');
    throw error;
  });
  await page
    .locator('.view-line', { hasText: 'Hi there!' })
    .first()
    .waitFor({ timeout: 60_000 })
    .catch(async (error) => {
      await editor.screenshot('rewrite-typing-failure.png');
      throw error;
    });

  // Before the preview (moves it down the line) and after it (leaves it alone).
  await page.keyboard.press('Control+Home');
  await page.keyboard.press('End');
  await page.keyboard.type(' notes');
  await page.keyboard.press('Control+End');
  await page.keyboard.type('More.');
  assert.ok(await rewriting.isVisible(), 'the preview had stopped streaming before the typing ended: the test proves nothing');
  await editor.screenshot('rewrite-typing-1-mid-stream.png');

  await page
    .locator('.codelens-decoration', { hasText: 'Accept' })
    .first()
    .waitFor({ timeout: 60_000 })
    .catch(async (error) => {
      await editor.screenshot('rewrite-typing-failure.png');
      throw error;
    });
  await runCommand(page, 'GLM: Accept Rewrite');
  await page.locator('.codelens-decoration', { hasText: 'Accept' }).first().waitFor({ state: 'detached', timeout: 10_000 });
  await editor.screenshot('rewrite-typing-2-accepted.png');
  const expected = `# Typing notes\n\n${chatAnswer}\n\nTail.\nMore.`;
  assert.equal(await saveAndRead('typing.md', expected), expected);
});
