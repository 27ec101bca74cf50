// The background prefill in a real VS Code with the real server and engine, on the predictable test model that
// `glm-tools make-test-model` writes (GLM_E2E_MODEL; run-e2e.mjs makes one when it is unset): the extension reports the
// active editor (glm/didFocus), the server prefills the prompt up to the end of what is on screen, and the first
// suggestion after that appears as ghost text. The model continues any text ending on a piece of its corpus with the
// rest of the corpus, so the ghost text is exact.
import assert from 'node:assert/strict';
import { copyFileSync, existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { e2eArtifacts, startEditor } from '../harness.mjs';

const model = process.env.GLM_E2E_MODEL;
const sentence =
  'Good documentation explains why the code exists, not merely what it does; write for a reader who arrives next year holding one bug report and no context.';
const corpusRest =
  ' the code exists, not merely what it does; write for a reader who arrives next year holding one bug report and no context. 山川异域，风月同天。';
// Longer than one screen and than the prompt budget, so the prefill has a window to fill that the screen decides.
const longText = `# Notes\n\n${`${sentence}\n\n`.repeat(60)}Good documentation explains`;
let editor;

before(async () => {
  if (!model) throw new Error('GLM_E2E_MODEL must name the predictable test model (glm-tools make-test-model --out FILE).');
  editor = await startEditor('prefill', {
    settings: { 'glm.modelPath': model, 'glm.logLevel': 'debug', 'editor.inlineSuggest.enabled': true, 'files.autoSave': 'off' },
    files: { 'long.md': longText },
  });
});

after(async () => {
  await editor?.stop();
});

/** The file VS Code writes the extension's output channel to: the client's lines and the server's stderr. */
function serverLogFile() {
  const logs = join(editor.dirs.userData, 'logs');
  for (const session of existsSync(logs) ? readdirSync(logs) : []) {
    const log = join(logs, session, 'exthost1', 'glm-lsp.glm-lsp', 'GLM Language Server.log');
    if (existsSync(log)) return log;
  }
  return undefined;
}

/**
 * Waits until the newest line of the server log that matches `lines` also matches `wanted` (the log is written
 * asynchronously) and returns it.
 */
async function newestServerLogLine(lines, wanted, timeoutMs) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const log = serverLogFile();
    const line =
      log === undefined
        ? undefined
        : readFileSync(log, 'utf8')
            .split('\n')
            .filter((l) => lines.test(l))
            .at(-1);
    if (line !== undefined && wanted.test(line)) return line;
    if (Date.now() > deadline) {
      if (log !== undefined) copyFileSync(log, join(e2eArtifacts, 'prefill-server.log'));
      throw new Error(
        `the newest server log line matching ${lines} did not match ${wanted} within ${timeoutMs} ms (log kept as prefill-server.log)`,
      );
    }
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
}

test('after the prefill of the screen at the end of a long file, typing there shows the ghost text', async () => {
  const page = editor.page;
  await newestServerLogLine(/Status: \{"state":"ready"/, /ready/, 120_000);
  await page.keyboard.press('Control+P');
  await page.locator('.quick-input-widget input').fill('long.md');
  await page.locator('.quick-input-list .monaco-list-row', { hasText: 'long.md' }).first().waitFor();
  await page.keyboard.press('Enter');
  await page.locator('.tab.active', { hasText: 'long.md' }).waitFor();
  const lines = page.locator('.editor-group-container.active .monaco-editor .view-lines').first();
  await lines.waitFor();
  await lines.click();
  await page.keyboard.press('Control+End');

  // The end of the document is on screen now, so the prefill reported last covers the whole text up to it.
  const prefilled = await newestServerLogLine(
    /Prefill of \S+\/long\.md v\d+ at offset/,
    new RegExp(`Prefill of \\S+/long\\.md v1 at offset ${longText.length}: \\d+ tokens evaluated`),
    60_000,
  );
  assert.match(prefilled, /, (\d+) of \1 cached/);

  await page.keyboard.type(' why', { delay: 80 });
  const shown = await page
    .waitForFunction(
      (text) =>
        [...document.querySelectorAll('.ghost-text-decoration, .ghost-text')]
          .map((e) => e.textContent ?? '')
          .join('')
          .replace(/\u00a0/g, ' ') === text,
      corpusRest,
      { timeout: 15_000 },
    )
    .then(
      () => true,
      () => false,
    );
  if (!shown) copyFileSync(serverLogFile(), join(e2eArtifacts, 'prefill-server.log'));
  assert.ok(shown, 'no ghost text within 15 s of typing (server log kept as prefill-server.log)');
  await editor.screenshot('prefill-ghost-text.png');
});
