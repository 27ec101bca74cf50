import assert from 'node:assert/strict';
import { test } from 'node:test';
import { initialStatus, reduceStatus, type StatusEvent, type StatusModel } from '../src/status/statusModel';
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
  const model = fold({ kind: 'serverRunning' }, { kind: 'status', status: { state: 'loading', percent: 41.6 } });
  assert.equal(presentStatus(model).text, '$(loading~spin) GLM: loading 42%');
  const over = reduceStatus(model, { kind: 'status', status: { state: 'loading', percent: 140 } });
  assert.equal(presentStatus(over).text, '$(loading~spin) GLM: loading 100%');
  const unknown = reduceStatus(model, { kind: 'status', status: { state: 'loading' } });
  assert.equal(presentStatus(unknown).text, '$(loading~spin) GLM: loading');
});

test('ready shows model and backend, and the hover the last speed', () => {
  const model = fold(
    { kind: 'serverRunning' },
    {
      kind: 'status',
      status: { state: 'ready', model: 'glm-4-9b Q4_K_M', backend: 'CPU', contextLength: 4096, lastTokensPerSecond: 12.345 },
    },
  );
  assert.deepEqual(presentStatus(model), {
    text: '$(sparkle) GLM: glm-4-9b Q4_K_M (CPU)',
    tooltip: 'Model: glm-4-9b Q4_K_M\nBackend: CPU\nLast speed: 12.3 tokens/s',
    isError: false,
    click: { kind: 'showCommands' },
  });
});

test('the hover shows the measured speeds and the tokens a suggestion gets within the budget', () => {
  const model = fold(
    { kind: 'serverRunning' },
    {
      kind: 'status',
      status: {
        state: 'ready',
        model: 'glm-4',
        backend: 'CPU',
        lastTokensPerSecond: 5,
        promptTokensPerSecond: 18.04,
        generationTokensPerSecond: 5.2,
        tokensPerSuggestion: 9,
      },
    },
  );
  assert.equal(
    presentStatus(model).tooltip,
    'Model: glm-4\nBackend: CPU\nLast speed: 5.0 tokens/s\nMeasured: prompt 18.0 tokens/s, generation 5.2 tokens/s\n' +
      'About 9 tokens per suggestion on this machine',
  );
  // A status without them (a remote backend, or no budget) drops the lines instead of keeping stale figures.
  const remote = reduceStatus(model, { kind: 'status', status: { state: 'ready', model: 'glm-4', backend: 'remote' } });
  assert.equal(presentStatus(remote).tooltip, 'Model: glm-4\nBackend: remote\nLast speed: 5.0 tokens/s');
});

test('generating spins, from the server or from a rewrite of this client', () => {
  const ready = fold({ kind: 'serverRunning' }, { kind: 'status', status: { state: 'ready', model: 'tiny', backend: 'CPU' } });
  const serverSide = reduceStatus(ready, { kind: 'status', status: { state: 'generating', model: 'tiny', backend: 'CPU' } });
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
      kind: 'status',
      status: { state: 'error', message: 'The model file "/m.gguf" does not exist.', setting: 'glm.modelPath' },
    },
  );
  assert.deepEqual(presentStatus(model), {
    text: '$(error) GLM: error',
    tooltip: 'The model file "/m.gguf" does not exist.\nClick to open the setting glm.modelPath.',
    isError: true,
    click: { kind: 'openSetting', setting: 'glm.modelPath' },
  });
  const other = reduceStatus(model, { kind: 'status', status: { state: 'error', message: 'Too big.', setting: 'glm.contextSize' } });
  assert.deepEqual(presentStatus(other).click, { kind: 'openSetting', setting: 'glm.contextSize' });
  const fixed = reduceStatus(model, { kind: 'status', status: { state: 'ready', model: 'm' } });
  assert.equal(presentStatus(fixed).isError, false);
});

test('no model configured invites to set glm.modelPath', () => {
  const model = fold({ kind: 'serverRunning' }, { kind: 'status', status: { state: 'idle' } });
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
  const ready = fold({ kind: 'serverRunning' }, { kind: 'status', status: { state: 'ready', model: 'm' } });
  const after = reduceStatus(ready, { kind: 'status', status: { state: 'warming' as never } });
  assert.equal(after, ready);
});

test('a failed generation and a notice about the model file show in the hover, and a success clears the failure', () => {
  const failed = fold(
    { kind: 'serverRunning' },
    {
      kind: 'status',
      status: {
        state: 'ready',
        model: 'glm-4',
        backend: 'remote https://gpu-box/v1 glm-4',
        lastFailure: 'Could not connect to https://gpu-box/v1',
        message: 'The model file was deleted; the loaded copy keeps serving until the server restarts.',
      },
    },
  );
  assert.equal(
    presentStatus(failed).tooltip,
    'Model: glm-4\nBackend: remote https://gpu-box/v1 glm-4\nLast speed: no generation yet\n' +
      'Last generation failed: Could not connect to https://gpu-box/v1\n' +
      'The model file was deleted; the loaded copy keeps serving until the server restarts.',
  );
  const recovered = reduceStatus(failed, {
    kind: 'status',
    status: { state: 'ready', model: 'glm-4', backend: 'remote https://gpu-box/v1 glm-4', lastTokensPerSecond: 20 },
  });
  assert.equal(presentStatus(recovered).tooltip, 'Model: glm-4\nBackend: remote https://gpu-box/v1 glm-4\nLast speed: 20.0 tokens/s');
});

test('the last speed survives a status without one, such as loading another model', () => {
  const ready = fold({ kind: 'serverRunning' }, { kind: 'status', status: { state: 'ready', model: 'a', lastTokensPerSecond: 9 } });
  const loading = reduceStatus(ready, { kind: 'status', status: { state: 'loading', percent: 0 } });
  assert.equal(loading.model, undefined);
  assert.equal(loading.lastTokensPerSecond, 9);
});

test('speeds print with one decimal, and nothing for no or nonsense measurements', () => {
  assert.equal(formatSpeed(7), '7.0 tokens/s');
  assert.equal(formatSpeed(0), undefined);
  assert.equal(formatSpeed(Number.NaN), undefined);
  assert.equal(formatSpeed(undefined), undefined);
});
