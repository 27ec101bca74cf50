// Measures the shipped server's start-to-initialize time: spawn the published glm-lsp as VS Code does (--stdio, no
// model configured), send initialize, and time until its response arrives; prints each run and the median.
//   node scripts/measure-startup.mjs [--vsix artifacts/glm-lsp-linux-x64.vsix | --server path/to/glm-lsp] [--runs 10]
// Without an option it runs the server folder the packaging script left in clients/vscode/server/<this machine>/.
// A --vsix is unpacked into a temporary folder first, so the number is the one of the file users install.
import { spawn, spawnSync } from 'node:child_process';
import { chmodSync, existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { runtimeIdentifiers } from './package-options.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const args = process.argv.slice(2);
const valueOf = (flag) => {
  const index = args.indexOf(flag);
  return index < 0 ? undefined : args[index + 1];
};
const runs = Number(valueOf('--runs') ?? 10);
const target = `${process.platform}-${process.arch}`;
const executable = process.platform === 'win32' ? 'glm-lsp.exe' : 'glm-lsp';
if (runtimeIdentifiers[target] === undefined) {
  console.error(`No server is packaged for ${target}.`);
  process.exit(2);
}

let unpacked;
let server = valueOf('--server');
if (valueOf('--vsix') !== undefined) {
  unpacked = mkdtempSync(join(tmpdir(), 'glm-lsp-vsix-'));
  const unzip = spawnSync('unzip', ['-q', valueOf('--vsix'), 'extension/server/*', '-d', unpacked], { stdio: 'inherit' });
  if (unzip.status !== 0) {
    console.error('unzip failed: is the .vsix there and is unzip installed?');
    process.exit(1);
  }
  server = join(unpacked, 'extension', 'server', target, executable);
  // A zip does not keep the executable bit; the extension sets it the same way on first start.
  chmodSync(server, 0o755);
}
server ??= join(root, 'clients', 'vscode', 'server', target, executable);
if (!existsSync(server)) {
  console.error(`${server} does not exist: run npm run package first, or pass --server or --vsix.`);
  process.exit(1);
}

function frame(message) {
  const body = Buffer.from(JSON.stringify(message), 'utf8');
  return Buffer.concat([Buffer.from(`Content-Length: ${body.length}\r\n\r\n`, 'ascii'), body]);
}

/** Milliseconds from spawn to the initialize response; then shuts the server down cleanly. */
function startOnce() {
  return new Promise((resolve, reject) => {
    const started = process.hrtime.bigint();
    const child = spawn(server, ['--stdio'], { stdio: ['pipe', 'pipe', 'ignore'] });
    let received = Buffer.alloc(0);
    let answered = false;
    child.on('error', reject);
    child.on('exit', (code) => {
      if (!answered) {
        reject(new Error(`the server exited with code ${code} before answering initialize`));
      }
    });
    child.stdout.on('data', (chunk) => {
      received = Buffer.concat([received, chunk]);
      if (answered || !received.includes('"id":1')) {
        return;
      }
      const text = received.toString('utf8');
      const headerEnd = text.indexOf('\r\n\r\n');
      const length = Number(/Content-Length: (\d+)/i.exec(text)?.[1]);
      if (headerEnd < 0 || Buffer.byteLength(text.slice(headerEnd + 4)) < length) {
        return;
      }
      answered = true;
      const elapsed = Number(process.hrtime.bigint() - started) / 1e6;
      child.stdin.write(frame({ jsonrpc: '2.0', id: 2, method: 'shutdown' }));
      child.stdin.write(frame({ jsonrpc: '2.0', method: 'exit' }));
      child.on('exit', () => resolve(elapsed));
    });
    child.stdin.write(
      frame({
        jsonrpc: '2.0',
        id: 1,
        method: 'initialize',
        params: { processId: process.pid, rootUri: null, capabilities: { textDocument: { inlineCompletion: {} } } },
      }),
    );
  });
}

try {
  const times = [];
  // One unmeasured start fills the page cache, as the second start of VS Code would find it.
  await startOnce();
  for (let run = 0; run < runs; run++) {
    const elapsed = await startOnce();
    times.push(elapsed);
    console.log(`run ${run + 1}: ${elapsed.toFixed(1)} ms`);
  }
  times.sort((a, b) => a - b);
  const middle = Math.floor(times.length / 2);
  const median = times.length % 2 === 1 ? times[middle] : (times[middle - 1] + times[middle]) / 2;
  console.log(`start-to-initialize median of ${runs}: ${median.toFixed(1)} ms (min ${times[0].toFixed(1)}, max ${times.at(-1).toFixed(1)})`);
} finally {
  if (unpacked !== undefined) {
    rmSync(unpacked, { recursive: true, force: true });
  }
}
