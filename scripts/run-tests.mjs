// Runs every test runner of the project and ends with one line "N passed, N failed" summed from
// their real results (TRX files for .NET, the TAP summary for node --test), because CI reads only that line.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const resultsDir = join(root, 'artifacts', 'test-results');
const extraArgs = process.argv.slice(2);

let passed = 0;
let failed = 0;
let runnerFailures = 0;

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
  }
  return { total: ok + bad, ok, bad };
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

// Node: the out-of-process protocol tests, driven by Microsoft's LSP client library (tests/node, node --test).
// They use the glm-lsp build that dotnet test just made.
const nodeTests = join(root, 'tests', 'node');
if (existsSync(nodeTests)) {
  if (!existsSync(join(root, 'node_modules', 'vscode-languageserver-protocol'))) {
    run('npm', ['ci', '--no-audit', '--no-fund']);
  }
  console.error(`> node --test tests/node/`);
  const result = spawnSync(process.execPath, ['--test', 'tests/node/'], { cwd: root, encoding: 'utf8' });
  process.stderr.write(result.stdout ?? '');
  process.stderr.write(result.stderr ?? '');
  const count = (key) => Number((new RegExp(`^# ${key} (\\d+)`, 'm').exec(result.stdout ?? '') ?? [0, 0])[1]);
  const ok = count('pass');
  const bad = count('fail') + count('cancelled');
  passed += ok;
  failed += bad;
  if (result.status !== 0 && bad === 0) {
    runnerFailures += 1;
  }
  console.log(`node: ${ok} passed, ${bad} failed`);
}
failed += runnerFailures;
console.log(`${passed} passed, ${failed} failed`);
process.exit(failed > 0 || passed === 0 ? 1 : 0);
