import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { test } from 'node:test';
import {
  ignoredSettingsMessage,
  keysSetByWorkspace,
  maxModelDirectories,
  resolveModelDirectories,
  serverEnvironment,
  userLevelValue,
  userOnlySettingKeys,
  withUserLevelValues,
} from '../src/settings/userOnlySettings';

const packageRoot = path.join(__dirname, '..', '..');
const packageJson = JSON.parse(readFileSync(path.join(packageRoot, 'package.json'), 'utf8')) as {
  contributes: { configuration: { properties: Record<string, { scope?: string }> } };
  capabilities?: { untrustedWorkspaces: { supported?: unknown; restrictedConfigurations?: string[] } };
};
const properties = packageJson.contributes.configuration.properties;
const userOnly = [
  'glm.remote.endpoint',
  'glm.remote.model',
  'glm.remote.allowInsecureHttp',
  'glm.network.proxy',
  'glm.network.caCertificates',
  'glm.serverPath',
  'glm.trace.server',
];

test('a workspace cannot set the server program, the remote endpoint, the proxy, CA certificates or tracing', () => {
  assert.equal(properties['glm.serverPath']?.scope, 'machine');
  for (const key of userOnly.filter((key) => key !== 'glm.serverPath')) {
    assert.equal(properties[key]?.scope, 'application', key);
  }
  assert.deepEqual(userOnlySettingKeys(properties), userOnly);
});

test('untrusted workspaces run in limited mode with those settings (and the model paths) restricted', () => {
  const untrusted = packageJson.capabilities?.untrustedWorkspaces;
  assert.equal(untrusted?.supported, 'limited');
  assert.deepEqual(untrusted.restrictedConfigurations, [...userOnly, 'glm.modelPath', 'glm.modelDirectories']);
});

test('only the user-level value counts; without one, the default', () => {
  assert.equal(
    userLevelValue({ defaultValue: '', globalValue: 'https://gpu:8000/v1', workspaceValue: 'http://evil/v1' }),
    'https://gpu:8000/v1',
  );
  assert.equal(userLevelValue({ defaultValue: '', workspaceValue: 'http://evil/v1', workspaceFolderValue: 'http://evil2/v1' }), '');
  assert.equal(userLevelValue(undefined), undefined);
});

test('workspace values are found through inspect and in the raw settings files VS Code filtered', () => {
  const inspections: Record<string, object> = { 'glm.remote.endpoint': { workspaceFolderValue: 'http://evil/v1' } };
  const settingsJson =
    '{\n  // comment\n  "glm.serverPath" : "./bin/pwn",\n  "glm.network.proxy": "http://127.0.0.1:9",\n  "glm.modelPath": "x"\n}';
  assert.deepEqual(
    keysSetByWorkspace(userOnly, (key) => inspections[key], [settingsJson]),
    ['glm.remote.endpoint', 'glm.network.proxy', 'glm.serverPath'],
  );
  assert.deepEqual(
    keysSetByWorkspace(userOnly, () => undefined, ['{"glm.remote.endpointX": 1, "glm.modelPath": "y"}']),
    [],
  );
  assert.equal(
    ignoredSettingsMessage(['glm.serverPath', 'glm.remote.endpoint']),
    'This workspace sets glm.serverPath, glm.remote.endpoint; GLM ignores them and uses your user settings, because a repository must not choose the server program, where your text and API key go, or the proxy.',
  );
});

test('the section sent to the server carries user-level values for user-only keys, flat or nested', () => {
  const fromEditor = { maxTokens: 7, remote: { endpoint: 'http://evil/v1', model: 'm' }, network: { proxy: 'http://evil:3128' } };
  const user: Record<string, unknown> = { 'glm.remote.endpoint': '', 'glm.remote.model': 'glm-4', 'glm.network.proxy': '' };
  const sanitized = withUserLevelValues(
    fromEditor,
    ['glm.remote.endpoint', 'glm.remote.model', 'glm.network.proxy', 'glm.network.caCertificates'],
    (key) => user[key],
  );
  assert.deepEqual(sanitized, {
    maxTokens: 7,
    remote: { endpoint: '', model: 'glm-4' },
    network: { proxy: '', caCertificates: undefined },
  });
  assert.equal(fromEditor.remote.endpoint, 'http://evil/v1');
});

test('model folders are resolved against the workspace, blanks dropped, and bounded in number', () => {
  const root = path.resolve('/work/repo');
  assert.deepEqual(resolveModelDirectories(['.', 'models', ' ', path.resolve('/opt/models'), 3], root), [
    root,
    path.join(root, 'models'),
    path.resolve('/opt/models'),
  ]);
  assert.equal(
    resolveModelDirectories(
      Array.from({ length: 100 }, (_, i) => `d${i}`),
      root,
    ).length,
    maxModelDirectories,
  );
  assert.deepEqual(resolveModelDirectories('models', root), []);
});

test('the API key travels in the child environment, the caller environment is not changed', () => {
  const base = { PATH: '/bin' };
  assert.deepEqual(serverEnvironment(base, 'sk-secret'), { PATH: '/bin', GLM_LSP_API_KEY: 'sk-secret', DOTNET_EnableDiagnostics: '0' });
  assert.deepEqual(serverEnvironment(base, undefined), { PATH: '/bin', DOTNET_EnableDiagnostics: '0' });
  assert.deepEqual(serverEnvironment(base, ''), { PATH: '/bin', DOTNET_EnableDiagnostics: '0' });
  assert.deepEqual(base, { PATH: '/bin' });
});

test('the runtime diagnostic port is off on every platform unless the user keeps it', () => {
  assert.equal(serverEnvironment({}, undefined).DOTNET_EnableDiagnostics, '0');
  assert.deepEqual(serverEnvironment({ GLM_LSP_ALLOW_DIAGNOSTICS: '1' }, undefined), { GLM_LSP_ALLOW_DIAGNOSTICS: '1' });
});

test('the extension never sends the API key as a protocol message', () => {
  const sources = ['extension.ts', 'client/languageClient.ts', 'commands/apiKey.ts'].map((file) =>
    readFileSync(path.join(packageRoot, 'src', file), 'utf8'),
  );
  for (const source of sources) {
    assert.ok(!source.includes('setApiKey'), 'glm/setApiKey params are copied into the protocol trace');
  }
});
