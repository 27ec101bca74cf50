// Mutation testing with Stryker.NET over one core module at a time (issue #16): `npm run mutation -- --module Gguf`.
// Too slow for CI on two cores, so it is not part of .ci/run; docs/testing.md records the scores and the survivors.
// Each module names the files Stryker mutates and the tests that cover them: running only those tests keeps a run
// within minutes, and the slow process-level tests would run the unmutated server build anyway.
import { spawnSync } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');

const inference = { project: 'src/Glm.Inference', testProject: 'tests/Glm.Inference.Tests/Glm.Inference.Tests.csproj' };
const lsp = { project: 'src/Glm.Lsp', testProject: 'tests/Glm.Lsp.Tests/Glm.Lsp.Tests.csproj' };

// A module is its own folder: the protocol handlers of the same name (Handlers/Completion, …) are thin adapters that
// the process-level tests cover, and mutating them would make every module's run test the whole server.
const thinHandlers = ['!**/Handlers/**'];

const modules = {
  Engine: {
    ...inference,
    mutate: ['**/Engine/*.cs', '!**/Engine/ThreadAffinity.cs', '!**/Engine/LoadErrorCapturingLogger.cs'],
    tests: ['Glm.Inference.Tests.Engine'],
  },
  Gguf: {
    ...inference,
    mutate: ['**/Gguf/GgufModelValidator.cs', '**/Gguf/GlmTensorLayout.cs', '**/Gguf/GlmHyperParameters.cs'],
    tests: ['Glm.Inference.Tests.Gguf.GgufModelValidatorTests', 'Glm.Inference.Tests.Gguf.GlmTensorLayoutTests', 'Glm.Inference.Tests.TestModels.TestModelValidationTests'],
  },
  Completion: {
    ...lsp,
    mutate: ['**/Completion/*.cs', ...thinHandlers],
    tests: [
      'Glm.Lsp.Tests.InlineCompletionTests',
      'Glm.Lsp.Tests.IdenticalInlineRequestsTests',
      'Glm.Lsp.Tests.OutOfOrderInlineRequestsTests',
      'Glm.Lsp.Tests.Completion.',
    ],
  },
  Documents: {
    ...lsp,
    mutate: ['**/Documents/*.cs', ...thinHandlers],
    tests: ['Glm.Lsp.Tests.TextPositionsTests', 'Glm.Lsp.Tests.DocumentSyncTests', 'Glm.Lsp.Tests.Documents.'],
  },
  Rewrite: {
    ...lsp,
    mutate: ['**/Rewrite/*.cs', ...thinHandlers],
    // The unit tests only: RewriteTests starts an in-process server session per test, which made a mutant cost
    // 18 s instead of 3 on the loaded build machine; what those tests add is the handlers, which are not mutated.
    tests: ['Glm.Lsp.Tests.Rewrite.'],
  },
  Settings: {
    ...lsp,
    mutate: ['**/Settings/*.cs', ...thinHandlers],
    tests: ['Glm.Lsp.Tests.SettingsTests', 'Glm.Lsp.Tests.Settings.'],
  },
};

function option(name, fallback) {
  const args = process.argv.slice(2);
  const index = args.indexOf(`--${name}`);
  return index >= 0 && index + 1 < args.length ? args[index + 1] : fallback;
}

const name = option('module', '');
const module = modules[name];
if (!module) {
  console.error(`usage: npm run mutation -- --module <${Object.keys(modules).join('|')}> [--concurrency N]`);
  process.exit(2);
}

function run(command, args, cwd) {
  console.error(`> ${command} ${args.join(' ')}`);
  const result = spawnSync(command, args, { cwd, stdio: 'inherit' });
  if (result.error) {
    console.error(`could not start ${command}: ${result.error.message}`);
    process.exit(1);
  }
  return result.status ?? 1;
}

// Two runs started at once race for the same package file in the restore; when the restore fails but the tool starts,
// the other run has restored it and this one can go on.
if (run('dotnet', ['tool', 'restore'], root) !== 0) {
  const probe = spawnSync('dotnet', ['dotnet-stryker', '--help'], { cwd: root, stdio: 'ignore' });
  if (probe.status !== 0) process.exit(1);
  console.error('dotnet tool restore failed, but dotnet-stryker is already restored: going on');
}

const output = join(root, 'artifacts', 'mutation', name);
mkdirSync(output, { recursive: true });
const started = Date.now();
const status = run(
  'dotnet',
  [
    'dotnet-stryker',
    '--test-project', join(root, module.testProject),
    '--configuration', 'Release',
    '--concurrency', option('concurrency', '1'),
    '--test-case-filter', module.tests.map((prefix) => `FullyQualifiedName~${prefix}`).join('|'),
    ...module.mutate.flatMap((pattern) => ['--mutate', pattern]),
    // The progress bar draws nothing without a terminal; Dots prints one character per tested mutant.
    '--reporter', 'Html', '--reporter', 'Json', '--reporter', process.stderr.isTTY ? 'Progress' : 'Dots', '--reporter', 'Markdown',
    '--output', output,
    '--skip-version-check',
  ],
  join(root, module.project),
);
console.error(`mutation ${name}: ${Math.round((Date.now() - started) / 1000)} s, report in ${output}`);
process.exit(status);
