// Scratch: loops the automatic ghost-text scenario to reproduce the flake. Not committed.
import { copyFileSync, existsSync, readdirSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { e2eArtifacts, startEditor } from '../harness.mjs';

const model = process.env.GLM_E2E_MODEL;
const corpusRest = ' the code exists, not merely what it does; write for a reader who arrives next year holding one bug report and no context. 山川异域，风月同天。';
const runs = Number(process.env.LOOP ?? 5);

test('ghost loop', { timeout: 3_600_000 }, async (t) => {
  const results = [];
  for (let i = 0; i < runs; i++) {
    const editor = await startEditor(`ghostloop`, {
      settings: { 'glm.modelPath': model, 'glm.logLevel': 'debug', 'glm.trace.server': 'verbose', 'editor.inlineSuggest.enabled': true },
      files: { 'ghost.md': '# Notes\n\nGood documentation explains' },
    });
    const page = editor.page;
    try {
      await page.waitForFunction(() => [...document.querySelectorAll('.statusbar-item')].some((e) => /GLM: .+ \(.+\)/.test(e.textContent ?? '')), null, { timeout: 120_000 });
      await page.keyboard.press('Control+P');
      await page.locator('.quick-input-widget input').fill('ghost.md');
      await page.locator('.quick-input-list .monaco-list-row', { hasText: 'ghost.md' }).first().waitFor();
      await page.keyboard.press('Enter');
      await page.locator('.tab.active', { hasText: 'ghost.md' }).waitFor();
      const lines = page.locator('.editor-group-container.active .monaco-editor .view-lines').first();
      await lines.waitFor();
      await lines.click();
      await page.keyboard.press('Control+End');
      const t0 = Date.now();
      await page.keyboard.type(' why', { delay: 80 });
      const ok = await page.waitForFunction((expected) => [...document.querySelectorAll('.ghost-text-decoration, .ghost-text')].map((e) => e.textContent ?? '').join('').replace(/\u00a0/g, ' ') === expected, corpusRest, { timeout: 15_000 }).then(() => true, () => false);
      results.push(ok ? `ok ${Date.now() - t0}ms` : 'FAIL');
      t.diagnostic(`run ${i}: ${results.at(-1)}`);
      if (!ok) {
        await editor.screenshot(`ghostloop-fail-${i}.png`);
        const logs = join(editor.dirs.userData, 'logs');
        for (const session of readdirSync(logs)) {
          const log = join(logs, session, 'exthost1', 'glm-lsp.glm-lsp', 'GLM Language Server.log');
          if (existsSync(log)) copyFileSync(log, join(e2eArtifacts, `ghostloop-fail-${i}.log`));
        }
      }
    } finally {
      await editor.stop();
    }
  }
  t.diagnostic(results.join(', '));
});
