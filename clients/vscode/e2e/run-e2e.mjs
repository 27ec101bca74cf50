// Runs the end-to-end tests in a real VS Code: installs code-server, Node 24 and chromium when missing (cached under
// artifacts/e2e-tools/), packages the extension when no .vsix is given, then runs e2e/tests/ under node --test.
// Environment: GLM_E2E_VSIX (use this .vsix), GLM_E2E_MODEL (a GGUF model for glm.modelPath; by default glm-tools
// make-test-model writes the predictable test model),
// GLM_E2E_REPORTER (node --test reporter, default spec). Exit code and summary lines are node --test's own.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const client = join(here, '..');
const root = join(client, '..', '..');

function step(command, args, options = {}) {
  console.error(`> ${command} ${args.join(' ')}`);
  const result = spawnSync(command, args, { cwd: root, stdio: ['ignore', 'pipe', 'inherit'], encoding: 'utf8', ...options });
  if (result.status !== 0) {
    console.error(`${command} failed (${result.error?.message ?? `exit code ${result.status}`}).`);
    process.exit(1);
  }
  return result.stdout;
}

const [node, codeServer] = step('bash', [join(here, 'install-tools.sh')])
  .trim()
  .split('\n')
  .slice(-2);
if (!existsSync(join(client, 'node_modules', 'playwright-core'))) {
  step('npm', ['ci', '--no-audit', '--no-fund'], { cwd: client, stdio: ['ignore', 'inherit', 'inherit'] });
}
const target = `${process.platform}-${process.arch}`;
let vsix = process.env.GLM_E2E_VSIX;
if (!vsix) {
  vsix = join(root, 'artifacts', `glm-lsp-${target}.vsix`);
  step('node', [join(root, 'scripts', 'package-vscode.mjs'), '--target', target], { stdio: ['ignore', 'inherit', 'inherit'] });
}

// The predictable test model comes from glm-tools of this checkout (the shipped server carries no test-model writer).
let model = process.env.GLM_E2E_MODEL;
if (!model) {
  model = join(root, 'artifacts', 'e2e', 'predictable-model.gguf');
  mkdirSync(dirname(model), { recursive: true });
  step(
    'dotnet',
    ['run', '--project', join(root, 'tools', 'Glm.Tools'), '--configuration', 'Release', '--', 'make-test-model', '--out', model],
    {
      stdio: ['ignore', 'inherit', 'inherit'],
    },
  );
}

// GLM_E2E_TESTS (paths relative to e2e/, comma-separated) runs chosen files, e.g. one scenario while working on it.
const tests = process.env.GLM_E2E_TESTS
  ? process.env.GLM_E2E_TESTS.split(',').map((file) => join(here, file))
  : readdirSync(join(here, 'tests'))
      .filter((name) => name.endsWith('.e2e.test.mjs'))
      .map((name) => join(here, 'tests', name));
const result = spawnSync(
  process.execPath,
  ['--test', `--test-reporter=${process.env.GLM_E2E_REPORTER ?? 'spec'}`, '--test-concurrency=1', ...tests],
  {
    cwd: client,
    stdio: 'inherit',
    env: { ...process.env, GLM_E2E_NODE: node, GLM_E2E_CODE_SERVER: codeServer, GLM_E2E_VSIX: vsix, GLM_E2E_MODEL: model },
  },
);
process.exit(result.status ?? 1);
