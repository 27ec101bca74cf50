// A real VS Code for end-to-end tests: code-server on 127.0.0.1 with the packaged .vsix installed, driven through
// Debian's chromium by playwright-core. Each editor gets fresh HOME, user-data, extensions and workspace folders under
// artifacts/e2e/, so runs never see each other's state or the developer's own settings.
import { spawn, spawnSync } from 'node:child_process';
import { mkdirSync, rmSync, writeFileSync, createWriteStream } from 'node:fs';
import { createServer } from 'node:net';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';

export const repoRoot = join(dirname(fileURLToPath(import.meta.url)), '..', '..', '..');
export const e2eArtifacts = join(repoRoot, 'artifacts', 'e2e');

/** Paths handed over by run-e2e.mjs, which installed the tools and built the .vsix. */
function required(name) {
  const value = process.env[name];
  if (!value) {
    throw new Error(`${name} is not set: run the end-to-end tests through clients/vscode/e2e/run-e2e.mjs.`);
  }
  return value;
}

async function freePort() {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

async function waitForHealth(url, timeoutMs) {
  const deadline = Date.now() + timeoutMs;
  let lastError = 'no answer';
  while (Date.now() < deadline) {
    try {
      const response = await fetch(`${url}/healthz`);
      if (response.ok) return;
      lastError = `HTTP ${response.status}`;
    } catch (error) {
      lastError = error.message;
    }
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  throw new Error(`code-server did not become healthy at ${url} within ${timeoutMs} ms (${lastError}).`);
}

/**
 * Starts code-server with the extension installed and opens the workspace in chromium.
 * settings: the user's settings.json; files: workspace files by relative path; env: variables added to the environment
 * of code-server, its extension host and so the language server it starts.
 */
export async function startEditor(name, { settings = {}, files = {}, env: extraEnv = {} } = {}) {
  const node = required('GLM_E2E_NODE');
  const codeServer = required('GLM_E2E_CODE_SERVER');
  const vsix = required('GLM_E2E_VSIX');
  const base = join(e2eArtifacts, 'runs', name);
  rmSync(base, { recursive: true, force: true });
  const dirs = {
    home: join(base, 'home'),
    userData: join(base, 'user-data'),
    extensions: join(base, 'extensions'),
    workspace: join(base, 'workspace'),
    browserProfile: join(base, 'chromium'),
  };
  for (const dir of Object.values(dirs)) mkdirSync(dir, { recursive: true });
  mkdirSync(join(dirs.userData, 'User'), { recursive: true });
  // A file is its text, or { text, mode } for one that must be executable.
  for (const [file, content] of Object.entries(files)) {
    mkdirSync(dirname(join(dirs.workspace, file)), { recursive: true });
    const { text, mode } = typeof content === 'string' ? { text: content, mode: undefined } : content;
    writeFileSync(join(dirs.workspace, file), text, { mode });
  }
  mkdirSync(join(dirs.userData, 'Machine'), { recursive: true });
  // code-server is a remote window: machine-scoped settings such as glm.serverPath are read from the Machine
  // settings there and ignored in the User settings, so both get the same values.
  const settingsFiles = [join(dirs.userData, 'User', 'settings.json'), join(dirs.userData, 'Machine', 'settings.json')];
  const writeSettings = (values) =>
    settingsFiles.forEach((settingsFile) =>
      writeFileSync(
        settingsFile,
        JSON.stringify(
          {
            'workbench.startupEditor': 'none',
            'workbench.tips.enabled': false,
            'telemetry.telemetryLevel': 'off',
            'extensions.autoCheckUpdates': false,
            'extensions.autoUpdate': false,
            'security.workspace.trust.enabled': false,
            // The workspace lives inside this repository's clone: the git prompt about the parent repository and the
            // chat side bar would cover parts of the screenshots.
            'git.openRepositoryInParentFolders': 'never',
            'workbench.secondarySideBar.defaultVisibility': 'hidden',
            'chat.disableAIFeatures': true,
            ...values,
          },
          null,
          2,
        ),
      ),
    );
  writeSettings(settings);

  const env = {
    ...process.env,
    HOME: dirs.home,
    XDG_CONFIG_HOME: join(dirs.home, '.config'),
    XDG_DATA_HOME: join(dirs.home, '.local', 'share'),
    XDG_CACHE_HOME: join(dirs.home, '.cache'),
    DOTNET_CLI_TELEMETRY_OPTOUT: '1',
    ...extraEnv,
  };
  const common = ['--user-data-dir', dirs.userData, '--extensions-dir', dirs.extensions];
  const install = spawnSync(node, [codeServer, ...common, '--install-extension', vsix], { env, encoding: 'utf8' });
  if (install.status !== 0) {
    throw new Error(`code-server --install-extension failed: ${install.stderr || install.stdout}`);
  }

  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  const log = createWriteStream(join(base, 'code-server.log'));
  const server = spawn(
    node,
    [
      codeServer,
      '--bind-addr',
      `127.0.0.1:${port}`,
      '--auth',
      'none',
      '--disable-telemetry',
      '--disable-update-check',
      '--disable-workspace-trust',
      ...common,
      dirs.workspace,
    ],
    { env, stdio: ['ignore', 'pipe', 'pipe'], detached: false },
  );
  server.stdout.pipe(log);
  server.stderr.pipe(log);
  const stopServer = async () => {
    server.kill('SIGTERM');
    await new Promise((resolve) => {
      if (server.exitCode !== null) return resolve();
      const timer = setTimeout(() => {
        server.kill('SIGKILL');
        resolve();
      }, 5_000);
      server.once('exit', () => {
        clearTimeout(timer);
        resolve();
      });
    });
    log.end();
  };

  let context;
  let page;
  try {
    await waitForHealth(url, 60_000);
    // A persistent context is how playwright takes a fresh --user-data-dir.
    context = await chromium.launchPersistentContext(dirs.browserProfile, {
      executablePath: '/usr/bin/chromium',
      headless: true,
      viewport: { width: 1400, height: 900 },
      args: [
        '--headless',
        '--no-sandbox',
        '--disable-gpu',
        '--disable-quic',
        '--no-first-run',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
      ],
    });
    page = context.pages()[0] ?? (await context.newPage());
    page.setDefaultTimeout(60_000);
    await page.goto(`${url}/?folder=${encodeURIComponent(dirs.workspace)}`);
    await page.locator('.monaco-workbench').waitFor();
  } catch (error) {
    await context?.close().catch(() => {});
    await stopServer();
    throw error;
  }

  return {
    page,
    dirs,
    writeSettings,
    async screenshot(file) {
      mkdirSync(e2eArtifacts, { recursive: true });
      await page.screenshot({ path: join(e2eArtifacts, file) });
    },
    async stop() {
      await context.close().catch(() => {});
      await stopServer();
    },
  };
}

/** The GLM status bar item (its label begins with "GLM:"). */
export function statusItem(page) {
  return page.locator('.statusbar-item', { hasText: 'GLM:' }).first();
}

/** Text as VS Code renders it: spaces in editors and labels come back as U+00A0. */
export function plain(text) {
  return text.replace(/\u00a0/g, ' ').trim();
}

/**
 * Opens the command palette and returns its input. Ctrl+Shift+P is sometimes swallowed (focus in a closing
 * notification or in the settings editor's search box), so Escape and F1, the other binding, are tried before giving up.
 */
async function openPalette(page) {
  const input = page.locator('.quick-input-widget input');
  for (let attempt = 0; ; attempt++) {
    await page.keyboard.press(attempt === 1 ? 'F1' : 'Control+Shift+P');
    try {
      await input.waitFor({ timeout: attempt < 2 ? 5_000 : 60_000 });
      return input;
    } catch (error) {
      if (attempt >= 2) {
        mkdirSync(e2eArtifacts, { recursive: true });
        await page.screenshot({ path: join(e2eArtifacts, 'palette-did-not-open.png') });
        throw error;
      }
      await page.keyboard.press('Escape');
    }
  }
}

/** Opens the command palette with ">" and the given filter typed, and returns the visible row labels. */
export async function paletteEntries(page, filter) {
  const input = await openPalette(page);
  await input.fill(`>${filter}`);
  const rows = page.locator('.quick-input-list .monaco-list-row');
  await rows.first().waitFor();
  // The list renders asynchronously; wait until it stops changing.
  let previous = '';
  for (let i = 0; i < 20; i++) {
    const labels = (await rows.allInnerTexts()).map(plain).join('|');
    if (labels === previous) break;
    previous = labels;
    await page.waitForTimeout(250);
  }
  return previous.split('|');
}

/** Runs a command from the palette by its exact title. */
export async function runCommand(page, title) {
  const input = await openPalette(page);
  await input.fill(`>${title}`);
  await page.locator('.quick-input-list .monaco-list-row', { hasText: title }).first().waitFor();
  await page.keyboard.press('Enter');
}
