// The writing scenarios in a real VS Code with the real server and engine, on the predictable test model that
// `glm-tools make-test-model` writes (GLM_E2E_MODEL; run-e2e.mjs makes one when it is unset).
// That model continues any text ending on a piece of its corpus with the rest of the corpus, and answers every chat
// prompt (rewrite, translation) with one fixed sentence, so every text below is exact.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
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
  if (!model) throw new Error('GLM_E2E_MODEL must name the predictable test model (glm-tools make-test-model --out FILE).');
  editor = await startEditor('writing', {
    // code-server saves after a delay by default; the crash scenario needs text that exists only in the editor.
    settings: { 'glm.modelPath': model, 'glm.logLevel': 'debug', 'editor.inlineSuggest.enabled': true, 'files.autoSave': 'off' },
    files: {
      'ghost.md': '# Notes\n\nGood documentation explains',
      'rewrite.md': '# Notes\n\nthis sentence need a rewrite\n',
      'comment.py': '# 山川异域，风月同天。\nprint("hello")\n',
      'toggle.md': '# Toggle\n\nGood documentation explains',
      'crash.md': '# Crash\n\n',
    },
    // The tiny model answers a rewrite within one frame of the editor, which may then render only the final text; the
    // server (inherited by code-server's extension host) spaces the partial results so the preview is seen streaming.
    env: { GLM_LSP_DIAGNOSTICS: 'partial-result-spacing-ms=60' },
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

/** The file VS Code writes the extension's output channel to: the client's lines and the server's stderr. */
function serverLogFile() {
  const logs = join(editor.dirs.userData, 'logs');
  for (const session of readdirSync(logs)) {
    const log = join(logs, session, 'exthost1', 'glm-lsp.glm-lsp', 'GLM Language Server.log');
    if (existsSync(log)) return log;
  }
  return undefined;
}

/** The lines of the server log that match the pattern. */
function serverLogLines(pattern) {
  const log = serverLogFile();
  return log === undefined
    ? []
    : readFileSync(log, 'utf8')
        .split('\n')
        .filter((l) => pattern.test(l));
}

/**
 * Waits until more than `seen` lines of the server log match the pattern (the log is written asynchronously) and
 * returns the newest.
 */
async function serverLogLine(pattern, timeoutMs = 30_000, seen = 0) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const lines = serverLogLines(pattern);
    if (lines.length > seen) return lines.at(-1);
    if (Date.now() > deadline) {
      const log = serverLogFile();
      if (log !== undefined) copyFileSync(log, join(e2eArtifacts, 'writing-server.log'));
      throw new Error(`no server log line matched ${pattern} within ${timeoutMs} ms (log kept as writing-server.log)`);
    }
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
}

/** The ghost text the editor shows now, with plain spaces. */
function ghostTextShown(expected, timeout) {
  return editor.page
    .waitForFunction(
      (text) =>
        [...document.querySelectorAll('.ghost-text-decoration, .ghost-text')]
          .map((e) => e.textContent ?? '')
          .join('')
          .replace(/\u00a0/g, ' ') === text,
      expected,
      { timeout },
    )
    .then(
      () => true,
      () => false,
    );
}

/** The process ids of this editor's glm-lsp servers (its extensions folder is in the command line). */
function serverPids() {
  try {
    return execFileSync('pgrep', ['-f', `${editor.dirs.extensions}/.*/glm-lsp --stdio`], { encoding: 'utf8' })
      .split('\n')
      .filter((line) => line.trim().length > 0)
      .map(Number);
  } catch {
    return [];
  }
}

const readyLabel = /GLM: glm-lsp predictable test model \(.+\)/;

async function waitForReady() {
  await editor.page.waitForFunction(
    (source) => [...document.querySelectorAll('.statusbar-item')].some((e) => new RegExp(source).test(e.textContent ?? '')),
    readyLabel.source,
    { timeout: 120_000 },
  );
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
  await waitForReady();
  await editor.screenshot('writing-1-status-ready.png');
  // The backend names the CPU features llama.cpp found and the thread count, which differ between machines.
  assert.match(plain(await statusItem(editor.page).innerText()), /^GLM: glm-lsp predictable test model \(CPU( \(\w+\))?, \d+ threads?\)$/);
});

test('the server reported the load through glm/status: loading from 0 %, then ready', async () => {
  // The predictable model loads in well under a second, too fast to photograph "loading NN%"; the client logs every
  // glm/status it receives, so the history is read from its log.
  await serverLogLine(/Status: \{"state":"ready"/);
  const statuses = readFileSync(serverLogFile(), 'utf8')
    .split('\n')
    .filter((line) => line.includes('] Status: '))
    .map((line) => JSON.parse(line.slice(line.indexOf('Status: ') + 'Status: '.length)));
  assert.deepEqual(statuses[0], { state: 'loading', percent: 0 });
  const percents = statuses.filter((s) => s.state === 'loading').map((s) => s.percent);
  assert.deepEqual(
    percents,
    [...percents].sort((a, b) => a - b),
    `percentages rise: ${JSON.stringify(statuses)}`,
  );
  const ready = statuses.find((s) => s.state === 'ready');
  assert.equal(ready.model, 'glm-lsp predictable test model');
  assert.match(ready.backend, /^CPU/);
});

test('ghost text continues a Markdown sentence while typing, and Tab accepts it', async () => {
  const page = editor.page;
  await open('ghost.md');
  await page.keyboard.press('Control+End');
  await page.keyboard.type(' why', { delay: 80 });
  const ghost = page.locator('.ghost-text-decoration, .ghost-text');
  const shown = await ghostTextShown(corpusRest, 15_000);
  if (!shown) copyFileSync(serverLogFile(), join(e2eArtifacts, 'writing-server.log'));
  assert.ok(shown, 'no ghost text within 15 s of typing (server log kept as writing-server.log)');
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

test('Toggle Inline Completions turns ghost text off and on again', async () => {
  const page = editor.page;
  await open('toggle.md');
  await page.keyboard.press('Control+End');
  await runCommand(page, 'GLM: Toggle Inline Completions');
  await page
    .locator('.notifications-toasts .notification-list-item-message', { hasText: 'GLM: inline completions off.' })
    .first()
    .waitFor();
  await serverLogLine(/Settings now .*CompletionMode = Off/);
  await page.keyboard.type(' why', { delay: 80 });
  // The server answers the editor's request for the typed text with no item: the mode reached it, not only the UI.
  await serverLogLine(/Inline completion file:\/\/\/.*toggle\.md v\d+ 2:31 \(Automatic\): 0 item\(s\)/);
  assert.equal(await ghostTextShown(corpusRest, 2_000), false);
  await editor.screenshot('toggle-off-no-ghost-text.png');

  const automaticBefore = serverLogLines(/Settings now .*CompletionMode = Automatic/).length;
  await runCommand(page, 'GLM: Toggle Inline Completions');
  await page
    .locator('.notifications-toasts .notification-list-item-message', { hasText: 'GLM: inline completions on (automatic).' })
    .first()
    .waitFor();
  await serverLogLine(/Settings now .*CompletionMode = Automatic/, 30_000, automaticBefore);
  await page.keyboard.press('Backspace');
  await page.keyboard.type('y');
  assert.ok(await ghostTextShown(corpusRest, 15_000), 'no ghost text after turning inline completions on again');
  await editor.screenshot('toggle-on-ghost-text.png');
  await page.keyboard.press('Escape');
});

test('after the server crashes it is restarted and knows the unsaved text of the open document', async () => {
  const page = editor.page;
  await open('crash.md');
  await page.keyboard.press('Control+End');
  // Unsaved: the text exists only in the editor and in the server that is about to die.
  await page.keyboard.type('Good documentation explains', { delay: 20 });
  // The server answered the typed text: the kill below does not cut a request in flight.
  await serverLogLine(/Inline completion file:\/\/\/.*crash\.md v\d+ 2:27 /);
  await page.keyboard.press('Escape');
  assert.equal(readFileSync(join(editor.dirs.workspace, 'crash.md'), 'utf8'), '# Crash\n\n');
  const [before] = serverPids();
  assert.ok(before !== undefined, 'no glm-lsp process found for this editor');
  process.kill(before, 'SIGKILL');
  const deadline = Date.now() + 60_000;
  while (!serverPids().some((pid) => pid !== before)) {
    assert.ok(Date.now() < deadline, 'the server was not restarted within 60 s');
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  await waitForReady();
  await page.keyboard.type(' why', { delay: 80 });
  // The automatic request for the typed text is normally answered (identical requests now share one generation,
  // InFlightSuggestions). FIXME: in one fresh-clone CI run in four the restarted server received no inline request at
  // all after the restart (its log: ready, then nothing; the text typed, the status ready), so VS Code did not ask;
  // a user would ask explicitly, and so does the test then. What it proves is that the restarted server answers from
  // the unsaved text; the server log of such a run is kept as writing-server.log.
  let shown = await ghostTextShown(corpusRest, 10_000);
  const automatic = shown;
  for (let attempt = 0; attempt < 2 && !shown; attempt++) {
    await runCommand(page, 'Trigger Inline Suggestion');
    shown = await ghostTextShown(corpusRest, 10_000);
  }
  if (!automatic) copyFileSync(serverLogFile(), join(e2eArtifacts, 'writing-server.log'));
  if (!shown) await editor.screenshot('crash-restart-failure.png');
  assert.ok(shown, 'no ghost text after the restart, automatic or asked for (server log kept as writing-server.log)');
  await editor.screenshot('crash-restart-ghost-text.png');
  assert.equal(readFileSync(join(editor.dirs.workspace, 'crash.md'), 'utf8'), '# Crash\n\n', 'the text was never saved');
  await page.keyboard.press('Escape');
});
