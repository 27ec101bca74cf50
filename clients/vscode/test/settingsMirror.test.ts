import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { test } from 'node:test';
import { compareSettings, contributedSettings, normalizeServerSettings } from '../src/settings/settingsMirror';

// Compiled tests run from out/test, so paths are taken from the package root.
const packageRoot = path.join(__dirname, '..', '..');
const packageJson: unknown = JSON.parse(readFileSync(path.join(packageRoot, 'package.json'), 'utf8'));
// GLM_SETTINGS_SCHEMA lets CI compare with what the built server prints; the fixture is a copy of its answer to
// glm/settingsSchema (SettingsCatalog of the lsp branch).
const schemaFile = process.env.GLM_SETTINGS_SCHEMA ?? path.join(packageRoot, 'test', 'fixtures', 'server-settings-schema.json');
const serverSchema: unknown = JSON.parse(readFileSync(schemaFile, 'utf8'));

test('package.json contributes exactly the settings the server declares, plus the client-only ones', () => {
  const problems = compareSettings(contributedSettings(packageJson), normalizeServerSettings(serverSchema));
  assert.deepEqual(problems, []);
});

test('every difference is named: missing, extra, and each field that differs', () => {
  const contributed = contributedSettings({
    contributes: {
      configuration: {
        properties: {
          'glm.modelPath': { type: 'string', default: '', description: 'Model.' },
          'glm.maxTokens': { type: 'integer', default: 128, description: 'Tokens.', minimum: 1 },
          'glm.invented': { type: 'boolean', default: true, description: 'Not on the server.' },
          'glm.serverPath': { type: 'string', default: '', description: 'Client only.' },
        },
      },
    },
  });
  const server = normalizeServerSettings([
    { key: 'modelPath', type: 'string', default: '', description: 'Model.' },
    { key: 'maxTokens', type: 'integer', default: 64, description: 'Tokens.', minimum: 1 },
    { key: 'glm.completionMode', type: 'string', default: 'automatic', description: 'Mode.', enum: ['off', 'automatic', 'invoked'] },
  ]);
  assert.deepEqual(compareSettings(contributed, server), [
    'glm.maxTokens: default is 128 in package.json but 64 in the server.',
    'glm.completionMode is declared by the server but missing from package.json.',
    'glm.invented is in package.json but the server does not declare it.',
  ]);
});

test('enum order counts, object key order does not', () => {
  const contributed = contributedSettings({
    contributes: {
      configuration: [
        {
          properties: {
            'glm.mode': { enum: ['b', 'a'], type: 'string' },
            'glm.list': { type: 'array', items: { type: 'string' } },
          },
        },
      ],
    },
  });
  const server = normalizeServerSettings({
    properties: { 'glm.mode': { type: 'string', enum: ['a', 'b'] }, 'glm.list': { items: { type: 'string' }, type: 'array' } },
  });
  assert.deepEqual(compareSettings(contributed, server), ['glm.mode: enum is ["b","a"] in package.json but ["a","b"] in the server.']);
});

test('a malformed declaration is refused with the reason', () => {
  assert.throws(() => normalizeServerSettings([{ type: 'string' }]), {
    message: 'The server\'s settings list has an entry without a string "key": {"type":"string"}.',
  });
  assert.throws(() => normalizeServerSettings('nope'), { message: 'The server settings declaration is neither an object nor a list.' });
});

test('a number-or-keyword setting compares its type list and its keyword pattern', () => {
  const contributed = contributedSettings({
    contributes: {
      configuration: {
        properties: { 'glm.gpuLayers': { type: ['integer', 'string'], default: 'auto', pattern: '^all$', minimum: 0 } },
      },
    },
  });
  const server = normalizeServerSettings([
    { key: 'gpuLayers', type: ['integer', 'string'], default: 'auto', pattern: '^auto$', minimum: 0 },
  ]);
  assert.deepEqual(compareSettings(contributed, server), ['glm.gpuLayers: pattern is "^all$" in package.json but "^auto$" in the server.']);
});
