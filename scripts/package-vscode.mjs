// Builds the platform-specific VS Code extension: the client bundled with esbuild and the glm-lsp server published
// self-contained for the target, so the .vsix needs neither the .NET SDK nor a network on the user's machine.
//   node scripts/package-vscode.mjs [--target linux-x64] [--skip-server]
// writes artifacts/glm-lsp-<target>.vsix. --skip-server reuses clients/vscode/server/<target>/ as it is.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, rmSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const client = join(root, 'clients', 'vscode');
const args = process.argv.slice(2);
const targetIndex = args.indexOf('--target');
const target = targetIndex >= 0 ? args[targetIndex + 1] : `${process.platform}-${process.arch}`;
const skipServer = args.includes('--skip-server');

// The same table as clients/vscode/src/platform.ts (VS Code target → .NET runtime identifier).
const runtimeIdentifiers = {
  'linux-x64': 'linux-x64',
  'linux-arm64': 'linux-arm64',
  'alpine-x64': 'linux-musl-x64',
  'win32-x64': 'win-x64',
  'win32-arm64': 'win-arm64',
  'darwin-x64': 'osx-x64',
  'darwin-arm64': 'osx-arm64',
};
const rid = runtimeIdentifiers[target];
if (rid === undefined) {
  console.error(`Unknown target "${target}"; supported: ${Object.keys(runtimeIdentifiers).join(', ')}.`);
  process.exit(2);
}

function run(command, commandArgs, cwd) {
  console.error(`> ${command} ${commandArgs.join(' ')}`);
  const result = spawnSync(command, commandArgs, { cwd, stdio: ['ignore', 'inherit', 'inherit'] });
  if (result.status !== 0) {
    console.error(`${command} failed (${result.error?.message ?? `exit code ${result.status}`}).`);
    process.exit(1);
  }
}

if (!existsSync(join(client, 'node_modules', '.package-lock.json'))) {
  run('npm', ['ci', '--no-audit', '--no-fund'], client);
}
run('node', ['scripts/build.mjs', '--minify'], client);

const serverDir = join(client, 'server', target);
if (!skipServer) {
  rmSync(join(client, 'server'), { recursive: true, force: true });
  run(
    'dotnet',
    ['publish', join(root, 'src', 'Glm.Lsp'), '-c', 'Release', '-r', rid, '--self-contained', '-o', serverDir, '-p:DebugType=none', '-nologo'],
    root,
  );
}

const artifacts = join(root, 'artifacts');
mkdirSync(artifacts, { recursive: true });
const vsix = join(artifacts, `glm-lsp-${target}.vsix`);
// --no-dependencies: everything the extension needs at run time is in dist/extension.js (and the server folder).
run(
  join(client, 'node_modules', '.bin', 'vsce'),
  ['package', '--target', target, '--no-dependencies', '--skip-license', '--allow-missing-repository', '--out', vsix],
  client,
);
console.log(vsix);
