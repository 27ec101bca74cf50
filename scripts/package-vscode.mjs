// Builds the platform-specific VS Code extension: the client bundled with esbuild and the glm-lsp server published
// self-contained for the target, so the .vsix needs neither the .NET SDK nor a network on the user's machine.
//   node scripts/package-vscode.mjs [--target linux-x64] [--backend cpu|cuda12] [--skip-server]
// writes artifacts/glm-lsp-<target>.vsix (glm-lsp-<target>-cuda12.vsix for the CUDA flavour). --skip-server reuses
// clients/vscode/server/<target>/ as it is. The CUDA flavour needs a package source that serves
// LLamaSharp.Backend.Cuda12; a restore checks that first and fails with one line where it is not served.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, rmSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { foreignRuntimeFiles, listFiles } from './package-contents.mjs';
import { parsePackageArguments, restoreFailureLine } from './package-options.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const client = join(root, 'clients', 'vscode');
let options;
try {
  options = parsePackageArguments(process.argv.slice(2), `${process.platform}-${process.arch}`);
} catch (error) {
  console.error(error.message);
  process.exit(2);
}
const { target, rid, glmBackend, skipServer, vsixName } = options;

// Before anything is built or deleted: a package source without the backend makes restore print a screenful.
if (!skipServer && glmBackend !== 'Cpu') {
  // Into a throwaway obj folder of each project, so a failed probe leaves the working build's restore as it was.
  const probe = 'obj/backend-probe/';
  const restore = spawnSync(
    'dotnet',
    ['restore', join(root, 'src', 'Glm.Lsp'), '-r', rid, `-p:GlmBackend=${glmBackend}`, `-p:BaseIntermediateOutputPath=${probe}`, '-nologo'],
    { cwd: root, encoding: 'utf8' },
  );
  for (const project of ['Glm.Lsp', 'Glm.Inference']) {
    rmSync(join(root, 'src', project, probe), { recursive: true, force: true });
  }
  if (restore.status !== 0) {
    console.error(restoreFailureLine(glmBackend, `${restore.stdout ?? ''}\n${restore.stderr ?? ''}`));
    process.exit(1);
  }
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
    ['publish', join(root, 'src', 'Glm.Lsp'), '-c', 'Release', '-r', rid, '--self-contained', '-o', serverDir, '-p:DebugType=none', `-p:GlmBackend=${glmBackend}`, '-nologo'],
    root,
  );
}

// The .vsix installs on one platform only, so another platform's llama.cpp build would be dead weight (Glm.Lsp.csproj
// leaves them out of the publish; this catches a backend package that brings them some other way).
const foreign = foreignRuntimeFiles(listFiles(serverDir), rid);
if (foreign.length > 0) {
  console.error(`${serverDir} has ${foreign.length} files of other platforms than ${rid}, e.g. ${foreign.slice(0, 3).join(', ')}; not packaging it.`);
  process.exit(1);
}

const artifacts = join(root, 'artifacts');
mkdirSync(artifacts, { recursive: true });
const vsix = join(artifacts, vsixName);
// --no-dependencies: everything the extension needs at run time is in dist/extension.js (and the server folder).
run(
  join(client, 'node_modules', '.bin', 'vsce'),
  ['package', '--target', target, '--no-dependencies', '--skip-license', '--allow-missing-repository', '--out', vsix],
  client,
);
console.log(vsix);
