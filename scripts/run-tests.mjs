// Runs every test runner of the project and ends with one line "N passed, N failed" summed from
// their real results (TRX files for .NET, the TAP summary for node --test: the protocol tests, the real-editor suite
// (Neovim, Emacs), the VS Code client's unit tests and its end-to-end tests in code-server), because CI reads only that line.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { checkSettingsFixture } from './settings-fixture.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const resultsDir = join(root, 'artifacts', 'test-results');
const extraArgs = process.argv.slice(2);

let passed = 0;
let failed = 0;
let runnerFailures = 0;
// The failed tests of every runner, each "runner: name: first line of its message", repeated just before the summary
// because CI keeps only the tail of a long run's output.
const failedTests = [];

function run(command, args, options = {}) {
  console.error(`> ${command} ${args.join(' ')}`);
  const result = spawnSync(command, args, { cwd: root, stdio: 'inherit', ...options });
  if (result.error) {
    console.error(`could not start ${command}: ${result.error.message}`);
    return 1;
  }
  return result.status ?? 1;
}

function countTrx(directory) {
  if (!existsSync(directory)) return { total: 0, ok: 0, bad: 0 };
  let ok = 0;
  let bad = 0;
  for (const name of readdirSync(directory)) {
    if (!name.endsWith('.trx')) continue;
    const xml = readFileSync(join(directory, name), 'utf8');
    const counters = /<Counters\s([^>]*)\/>/.exec(xml);
    if (!counters) continue;
    const attr = (key) => Number((new RegExp(`${key}="(\\d+)"`).exec(counters[1]) ?? [0, 0])[1]);
    ok += attr('passed');
    bad += attr('failed') + attr('error') + attr('timeout') + attr('aborted');
    failedTests.push(...failedTrxResults(xml).map((line) => `dotnet: ${line}`));
  }
  return { total: ok + bad, ok, bad };
}

function decodeXml(text) {
  return text
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&apos;/g, "'")
    .replace(/&#x([0-9A-Fa-f]+);/g, (_, hex) => String.fromCodePoint(parseInt(hex, 16)))
    .replace(/&#(\d+);/g, (_, dec) => String.fromCodePoint(Number(dec)))
    .replace(/&amp;/g, '&');
}

// "name: first line of the message" for each result of a TRX file whose outcome is not Passed or NotExecuted.
function failedTrxResults(xml) {
  const lines = [];
  for (const match of xml.matchAll(/<UnitTestResult\s([^>]*?)(\/>|>([\s\S]*?)<\/UnitTestResult>)/g)) {
    const attributes = match[1];
    const outcome = /outcome="([^"]*)"/.exec(attributes)?.[1] ?? '';
    if (outcome === 'Passed' || outcome === 'NotExecuted') continue;
    const name = decodeXml(/testName="([^"]*)"/.exec(attributes)?.[1] ?? '(unnamed)');
    const message = decodeXml(/<Message>([\s\S]*?)<\/Message>/.exec(match[3] ?? '')?.[1] ?? outcome);
    lines.push(`${name}: ${firstLines(message)}`);
  }
  return lines;
}

// The first three non-empty lines of a failure message, joined, so the summary stays a line per test.
function firstLines(message) {
  return message
    .split(/\r?\n/)
    .map((line) => line.trim())
    .filter((line) => line.length > 0)
    .slice(0, 3)
    .join(' | ');
}

// The last lines (each cut to 240 characters) of the server logs an e2e test kept since startedAt.
function recentServerLogs(directory, startedAt) {
  if (!existsSync(directory)) return [];
  return readdirSync(directory)
    .filter((name) => name.endsWith('-server.log') && statSync(join(directory, name)).mtimeMs >= startedAt)
    .map((name) => ({
      name: `artifacts/e2e/${name}`,
      tail: readFileSync(join(directory, name), 'utf8')
        .split(/\r?\n/)
        .filter((line) => line.trim().length > 0)
        .slice(-12)
        .map((line) => (line.length > 240 ? `${line.slice(0, 240)}…` : line)),
    }));
}

// .NET: every test project of the solution, one TRX file each.
rmSync(resultsDir, { recursive: true, force: true });
mkdirSync(resultsDir, { recursive: true });
const dotnetStatus = run('dotnet', [
  'test', 'GlmLsp.sln', '--configuration', 'Release',
  '--logger', 'trx', '--results-directory', resultsDir,
  '--logger', 'console;verbosity=normal',
  ...extraArgs,
]);
const dotnet = countTrx(resultsDir);
passed += dotnet.ok;
failed += dotnet.bad;
if (dotnetStatus !== 0 && dotnet.bad === 0) {
  // The build or the test host failed before any result was written: count it as a failure, never as a pass.
  runnerFailures += 1;
}

console.log(`dotnet: ${dotnet.ok} passed, ${dotnet.bad} failed`);

// node --test prints TAP with the totals as "# pass N" and "# fail N" (cancelled tests count as failed).
function countTap(output) {
  const total = (key) => [...output.matchAll(new RegExp(`^# ${key} (\\d+)$`, 'gm'))].reduce((sum, m) => sum + Number(m[1]), 0);
  return { ok: total('pass'), bad: total('fail') + total('cancelled') };
}

// "name: error" for each TAP line "not ok N - name" at any nesting depth, the error taken from its YAML block.
function failedTapTests(output) {
  const lines = output.split(/\r?\n/);
  const failures = [];
  for (let i = 0; i < lines.length; i++) {
    const name = /^\s*not ok \d+ - (.*)$/.exec(lines[i])?.[1].trim();
    if (name === undefined) continue;
    let error = '';
    for (let j = i + 1; j < lines.length && !/^\s*\.\.\.$/.test(lines[j]); j++) {
      const found = /^\s*error: (.*)$/.exec(lines[j]);
      if (found) {
        error = found[1].trim();
        break;
      }
    }
    failures.push(error ? `${name}: ${error}` : name);
  }
  return failures;
}

// Runs a node --test suite whose TAP goes to stdout, echoes it, and adds its totals.
function runNodeTests(label, command, args, options = {}) {
  console.error(`> ${command} ${args.join(' ')}`);
  const result = spawnSync(command, args, {
    cwd: root,
    encoding: 'utf8',
    maxBuffer: 64 * 1024 * 1024,
    stdio: ['ignore', 'pipe', 'inherit'],
    ...options,
  });
  process.stdout.write(result.stdout ?? '');
  const counts = countTap(result.stdout ?? '');
  passed += counts.ok;
  failed += counts.bad;
  failedTests.push(...failedTapTests(result.stdout ?? '').map((name) => `${label}: ${name}`));
  if (result.status !== 0 && counts.bad === 0) {
    console.error(`${label}: the runner failed before reporting a failed test (${result.error?.message ?? `exit code ${result.status}`}).`);
    runnerFailures += 1;
  }
  console.log(`${label}: ${counts.ok} passed, ${counts.bad} failed`);
}

// The protocol tests driven by Microsoft's LSP client library (tests/node), on the glm-lsp build dotnet test just made.
if (!existsSync(join(root, 'node_modules', 'vscode-languageserver-protocol'))) {
  run('npm', ['ci', '--no-audit', '--no-fund']);
}
runNodeTests('node protocol', process.execPath, ['--test', '--test-reporter=tap', 'tests/node/']);
// Real editors (tests/editors): Neovim's vim.lsp and Emacs' eglot from Debian, installed there when missing.
runNodeTests('editors', process.execPath, ['--test', '--test-reporter=tap', '--test-concurrency=1', 'tests/editors/']);

// The VS Code client: its unit tests (pure modules, compiled by tsc), then the end-to-end suite in a real VS Code
// (code-server + chromium), which installs its own tools and packages the extension with the server first.
const client = join(root, 'clients', 'vscode');
if (!existsSync(join(client, 'node_modules', '.package-lock.json'))) {
  run('npm', ['ci', '--no-audit', '--no-fund'], { cwd: client });
}
// The settings-mirror unit test compares package.json with a checked-in copy of the server's glm/settingsSchema
// answer: first make sure that copy is what the server just built answers (scripts/settings-fixture.mjs).
const fixtureProblem = checkSettingsFixture();
if (fixtureProblem) {
  console.error(fixtureProblem);
  failedTests.push(fixtureProblem);
  runnerFailures += 1;
} else {
  console.log('settings fixture: clients/vscode/test/fixtures/server-settings-schema.json matches the built server');
}
// The client's lint and format checks: a failure counts once, as the fixture check does, and is named in the summary.
for (const [check, bin, args] of [
  ['vscode lint (eslint)', 'eslint', ['.']],
  ['vscode format (prettier --check)', 'prettier', ['--check', '.']],
]) {
  if (run(join(client, 'node_modules', '.bin', bin), args, { cwd: client }) !== 0) {
    failedTests.push(`${check}: failed (its output is above)`);
    runnerFailures += 1;
  } else {
    console.log(`${check}: clean`);
  }
}
if (run(join(client, 'node_modules', '.bin', 'tsc'), ['-p', '.'], { cwd: client }) !== 0) {
  runnerFailures += 1;
} else {
  runNodeTests('vscode unit', process.execPath, ['--test', '--test-reporter=tap', 'out/test/'], { cwd: client });
}
const e2eStartedAt = Date.now();
runNodeTests('vscode e2e', process.execPath, [join(client, 'e2e', 'run-e2e.mjs')], {
  env: { ...process.env, GLM_E2E_REPORTER: 'tap' },
});
// An e2e test that misses an answer keeps the server's log (artifacts/e2e/*-server.log); its end goes into the summary.
const keptServerLogs = recentServerLogs(join(root, 'artifacts', 'e2e'), e2eStartedAt);
failed += runnerFailures;
for (const { name, tail } of keptServerLogs) {
  console.log(`end of ${name}:`);
  for (const line of tail) console.log(`  ${line}`);
}
if (failedTests.length > 0) {
  console.log(`failed tests (${failedTests.length}):`);
  for (const line of failedTests) console.log(`  ${line}`);
}
console.log(`${passed} passed, ${failed} failed`);
process.exit(failed > 0 || passed === 0 ? 1 : 0);
