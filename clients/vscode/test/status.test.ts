import assert from 'node:assert/strict';
import { test } from 'node:test';
import { initialStatus, normalizeLoadState, reduceStatus, type StatusEvent, type StatusModel } from '../src/status/statusModel';
import { formatSpeed, presentStatus } from '../src/status/statusPresentation';

function fold(...events: StatusEvent[]): StatusModel {
  return events.reduce(reduceStatus, initialStatus);
}

test('while the process starts the item spins and a click opens the log', () => {
  assert.deepEqual(presentStatus(initialStatus), {
    text: '$(loading~spin) GLM: starting',
    tooltip: 'Starting the glm-lsp server.',
    isError: false,
    click: { kind: 'showLog' },
  });
});

test('a running server that reported nothing yet shows as connected', () => {
  assert.equal(presentStatus(fold({ kind: 'serverRunning' })).text, '$(plug) GLM: connected');
});

test('loading shows the rounded percentage, clamped to 0–100', () => {
  const model = fold({ kind: 'serverRunning' }, { kind: 'notification', params: { state: 'loading', percent: 41.6 } });
  assert.equal(presentStatus(model).text, '$(loading~spin) GLM: loading 42%');
  const over = reduceStatus(model, { kind: 'notification', params: { state: 'loading', percent: 140 } });
  assert.equal(presentStatus(over).text, '$(loading~spin) GLM: loading 100%');
  const unknown = reduceStatus(model, { kind: 'notification', params: { state: 'loading' } });
  assert.equal(presentStatus(unknown).text, '$(loading~spin) GLM: loading');
});

test('ready shows model and backend, and the hover the last speed', () => {
  const model = fold(
    { kind: 'serverRunning' },
    { kind: 'notification', params: { state: 'ready', model: 'glm-4-9b Q4_K_M', backend: 'CPU' } },
    { kind: 'statusResult', result: { loadState: 'Ready', lastTokensPerSecond: 12.345 } },
  );
  assert.deepEqual(presentStatus(model), {
    text: '$(sparkle) GLM: glm-4-9b Q4_K_M (CPU)',
    tooltip: 'Model: glm-4-9b Q4_K_M\nBackend: CPU\nLast speed: 12.3 tokens/s',
    isError: false,
    click: { kind: 'showCommands' },
  });
});

test('generating spins, from the server or from a rewrite of this client, and keeps model and backend', () => {
  const ready = fold({ kind: 'serverRunning' }, { kind: 'notification', params: { state: 'ready', model: 'tiny', backend: 'CPU' } });
  const serverSide = reduceStatus(ready, { kind: 'notification', params: { state: 'generating' } });
  assert.equal(presentStatus(serverSide).text, '$(sync~spin) GLM: tiny (CPU)');
  assert.equal(presentStatus(serverSide).tooltip, 'Generating…\nModel: tiny\nBackend: CPU\nLast speed: no generation yet');
  const clientSide = reduceStatus(ready, { kind: 'generationStarted' });
  assert.equal(presentStatus(clientSide).text, '$(sync~spin) GLM: tiny (CPU)');
  assert.equal(presentStatus(reduceStatus(clientSide, { kind: 'generationEnded' })).text, '$(sparkle) GLM: tiny (CPU)');
});

test('an error is red and a click opens the setting the server named', () => {
  const model = fold(
    { kind: 'serverRunning' },
    {
      kind: 'notification',
      params: { state: 'error', message: 'The model file "/m.gguf" does not exist.', setting: 'glm.modelPath' },
    },
  );
  assert.deepEqual(presentStatus(model), {
    text: '$(error) GLM: error',
    tooltip: 'The model file "/m.gguf" does not exist.\nClick to open the setting glm.modelPath.',
    isError: true,
    click: { kind: 'openSetting', setting: 'glm.modelPath' },
  });
  const other = reduceStatus(model, { kind: 'notification', params: { state: 'error', message: 'Too big.', setting: 'glm.contextSize' } });
  assert.deepEqual(presentStatus(other).click, { kind: 'openSetting', setting: 'glm.contextSize' });
  const fixed = reduceStatus(model, { kind: 'notification', params: { state: 'ready', model: 'm' } });
  assert.equal(presentStatus(fixed).isError, false);
});

test('no model configured invites to set glm.modelPath', () => {
  const model = fold({ kind: 'serverRunning' }, { kind: 'notification', params: { state: 'idle' } });
  assert.deepEqual(presentStatus(model), {
    text: '$(circle-slash) GLM: no model',
    tooltip: 'No model is configured. Click to set glm.modelPath.',
    isError: false,
    click: { kind: 'openSetting', setting: 'glm.modelPath' },
  });
});

test('a stopped server is red and a click opens the log', () => {
  const model = fold({ kind: 'serverRunning' }, { kind: 'serverStopped', message: 'The server crashed 5 times.' });
  assert.deepEqual(presentStatus(model), {
    text: '$(error) GLM: server stopped',
    tooltip: 'The server crashed 5 times.\nClick to open the server log.',
    isError: true,
    click: { kind: 'showLog' },
  });
});

test('a state this client does not know is ignored', () => {
  const ready = fold({ kind: 'serverRunning' }, { kind: 'notification', params: { state: 'ready', model: 'm' } });
  const after = reduceStatus(ready, { kind: 'notification', params: { state: 'warming' as never } });
  assert.equal(after, ready);
});

test('a glm.status answer alone brings the item to ready, or to the error it names', () => {
  const ready = fold(
    { kind: 'serverRunning' },
    { kind: 'statusResult', result: { state: 'Ready', model: 'tiny-glm', backend: 'CPU', contextLength: 512, lastTokensPerSecond: null } },
  );
  assert.equal(presentStatus(ready).text, '$(sparkle) GLM: tiny-glm (CPU)');
  const failed = reduceStatus(ready, {
    kind: 'statusResult',
    result: { state: 'Failed', error: 'glm-lsp: the model file "/m.gguf" does not exist. Set glm.modelPath to an existing GGUF file.' },
  });
  assert.deepEqual(presentStatus(failed), {
    text: '$(error) GLM: error',
    tooltip:
      'glm-lsp: the model file "/m.gguf" does not exist. Set glm.modelPath to an existing GGUF file.\nClick to open the setting glm.modelPath.',
    isError: true,
    click: { kind: 'openSetting', setting: 'glm.modelPath' },
  });
  const notConfigured = reduceStatus(failed, { kind: 'statusResult', result: { state: 'NotConfigured' } });
  assert.equal(presentStatus(notConfigured).text, '$(circle-slash) GLM: no model');
});

test('glm.status load states are read in the server enum spelling', () => {
  assert.equal(normalizeLoadState('Ready'), 'ready');
  assert.equal(normalizeLoadState('NotConfigured'), 'idle');
  assert.equal(normalizeLoadState('Failed'), 'error');
  assert.equal(normalizeLoadState('Loading'), 'loading');
  assert.equal(normalizeLoadState('Bogus'), undefined);
  assert.equal(normalizeLoadState(null), undefined);
});

test('speeds print with one decimal, and nothing for no or nonsense measurements', () => {
  assert.equal(formatSpeed(7), '7.0 tokens/s');
  assert.equal(formatSpeed(0), undefined);
  assert.equal(formatSpeed(Number.NaN), undefined);
  assert.equal(formatSpeed(undefined), undefined);
});
