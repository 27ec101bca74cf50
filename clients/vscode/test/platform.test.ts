import assert from 'node:assert/strict';
import { test } from 'node:test';
import { dotnetRuntimeIdentifier, serverExecutableName, vsCodeTarget, vsixFileName } from '../src/platform';

test('vsCodeTarget joins Node platform and architecture as vsce --target names them', () => {
  assert.equal(vsCodeTarget('linux', 'x64'), 'linux-x64');
  assert.equal(vsCodeTarget('win32', 'x64'), 'win32-x64');
  assert.equal(vsCodeTarget('darwin', 'arm64'), 'darwin-arm64');
});

test('vsCodeTarget refuses a platform without a server build, listing the supported ones', () => {
  assert.throws(() => vsCodeTarget('freebsd', 'x64'), {
    message:
      'glm-lsp has no server build for freebsd-x64; supported: linux-x64, linux-arm64, alpine-x64, win32-x64, win32-arm64, darwin-x64, darwin-arm64.',
  });
});

test('dotnetRuntimeIdentifier maps VS Code targets to .NET runtime identifiers', () => {
  assert.equal(dotnetRuntimeIdentifier('linux-x64'), 'linux-x64');
  assert.equal(dotnetRuntimeIdentifier('win32-x64'), 'win-x64');
  assert.equal(dotnetRuntimeIdentifier('darwin-arm64'), 'osx-arm64');
  assert.equal(dotnetRuntimeIdentifier('alpine-x64'), 'linux-musl-x64');
  assert.throws(() => dotnetRuntimeIdentifier('linux-x86'), /^Error: Unknown VS Code target "linux-x86"/);
});

test('serverExecutableName adds .exe only on Windows', () => {
  assert.equal(serverExecutableName('linux-x64'), 'glm-lsp');
  assert.equal(serverExecutableName('darwin-arm64'), 'glm-lsp');
  assert.equal(serverExecutableName('win32-x64'), 'glm-lsp.exe');
});

test('vsixFileName names the package after its target', () => {
  assert.equal(vsixFileName('linux-x64'), 'glm-lsp-linux-x64.vsix');
});
