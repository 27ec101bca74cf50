// The packaging script's command line and its one-line verdict when the CUDA backend cannot be restored
// (scripts/package-options.mjs); nothing is built here.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parsePackageArguments, restoreFailureLine } from '../../scripts/package-options.mjs';

test('without options the CPU flavour is packaged for this machine under the name it always had', () => {
  assert.deepEqual(parsePackageArguments([], 'linux-x64'), {
    target: 'linux-x64',
    rid: 'linux-x64',
    backend: 'cpu',
    glmBackend: 'Cpu',
    skipServer: false,
    vsixName: 'glm-lsp-linux-x64.vsix',
  });
});

test('--backend cuda12 selects LLamaSharp.Backend.Cuda12 and names the vsix after it', () => {
  const options = parsePackageArguments(['--backend', 'cuda12', '--target', 'win32-x64', '--skip-server'], 'linux-x64');
  assert.equal(options.glmBackend, 'Cuda12');
  assert.equal(options.rid, 'win-x64');
  assert.equal(options.skipServer, true);
  assert.equal(options.vsixName, 'glm-lsp-win32-x64-cuda12.vsix');
});

test('an unknown backend or target, or a flag without its value, is one line', () => {
  assert.throws(() => parsePackageArguments(['--backend', 'rocm'], 'linux-x64'), { message: 'Unknown backend "rocm"; supported: cpu, cuda12.' });
  assert.throws(() => parsePackageArguments(['--backend'], 'linux-x64'), { message: '--backend needs a value.' });
  assert.throws(() => parsePackageArguments(['--backend', '--skip-server'], 'linux-x64'), { message: '--backend needs a value.' });
  assert.throws(() => parsePackageArguments([], 'sunos-x64'), { message: /^Unknown target "sunos-x64"; supported: linux-x64, / });
});

test('a restore that cannot find the backend package becomes one line naming the package and the sources', () => {
  // What dotnet restore printed on this machine, whose nuget.org mirror does not serve the CUDA backend.
  const output = [
    '  Determining projects to restore...',
    '/w/src/Glm.Inference/Glm.Inference.csproj : error NU1101: Unable to find package LLamaSharp.Backend.Cuda12. No packages exist with this id in source(s): nuget.org [/w/src/Glm.Lsp/Glm.Lsp.csproj]',
    '/w/src/Glm.Lsp/Glm.Lsp.csproj : error NU1101: Unable to find package LLamaSharp.Backend.Cuda12. No packages exist with this id in source(s): nuget.org',
    '  Failed to restore /w/src/Glm.Inference/Glm.Inference.csproj (in 1.79 sec).',
  ].join('\n');
  assert.equal(
    restoreFailureLine('Cuda12', output),
    'glm-lsp: LLamaSharp.Backend.Cuda12 is not served by your package source (nuget.org); the Cuda12 flavour cannot be built here: add a source that serves it to NuGet.Config, or package the CPU flavour.',
  );
});

test('any other restore failure is reported by its first error line', () => {
  const output = '/w/src/Glm.Lsp/Glm.Lsp.csproj : error NU1301: Unable to load the service index for source https://feed/v3/index.json.\n';
  assert.equal(
    restoreFailureLine('Cuda12', output),
    'glm-lsp: restoring the Cuda12 flavour failed: /w/src/Glm.Lsp/Glm.Lsp.csproj : error NU1301: Unable to load the service index for source https://feed/v3/index.json.',
  );
});
