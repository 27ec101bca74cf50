import assert from 'node:assert/strict';
import * as path from 'node:path';
import { test } from 'node:test';
import { locateServer } from '../src/client/serverLocation';

const extensionPath = path.join('/ext', 'glm-lsp');
const bundled = path.join(extensionPath, 'server', 'linux-x64', 'glm-lsp');

test('the bundled server of the platform is used when glm.serverPath is empty', () => {
  const location = locateServer('  ', extensionPath, 'linux-x64', (file) => file === bundled);
  assert.deepEqual(location, { command: bundled, source: 'bundled' });
});

test('glm.serverPath wins over the bundled server', () => {
  const location = locateServer('/opt/glm/glm-lsp', extensionPath, 'linux-x64', () => true);
  assert.deepEqual(location, { command: '/opt/glm/glm-lsp', source: 'setting' });
});

test('a glm.serverPath that does not exist is reported with the setting to fix', () => {
  assert.throws(() => locateServer('/nope/glm-lsp', extensionPath, 'linux-x64', () => false), {
    message: 'glm.serverPath points at "/nope/glm-lsp", which does not exist. Fix or clear the setting glm.serverPath.',
  });
});

test('a missing bundled server says which platform build is missing', () => {
  assert.throws(() => locateServer(undefined, extensionPath, 'linux-x64', () => false), {
    message: `This extension has no glm-lsp server for linux-x64 (looked for "${bundled}"). Install the .vsix built for your platform or set glm.serverPath.`,
  });
});

test('on Windows the bundled server is the .exe', () => {
  const exe = path.join(extensionPath, 'server', 'win32-x64', 'glm-lsp.exe');
  assert.equal(locateServer('', extensionPath, 'win32-x64', (file) => file === exe).command, exe);
});
