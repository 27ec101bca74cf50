import assert from 'node:assert/strict';
import { test } from 'node:test';
import { browseItem, formatSize, modelPickItem, modelPickItems } from '../src/models/modelPickItems';
import type { FoundModel } from '../src/protocol';

const glm4: FoundModel = {
  path: '/models/glm-4-9b-chat.Q4_0.gguf',
  name: 'glm-4-9b-chat',
  source: 'directory',
  architecture: 'chatglm',
  sizeBytes: 5_455_000_000,
  quantization: 'Q4_0',
  runnable: true,
};
const llama: FoundModel = {
  path: '/home/u/.ollama/models/blobs/sha256-1',
  name: 'llama3:8b',
  source: 'ollama',
  architecture: 'llama',
  sizeBytes: 4_661_224_676,
  quantization: 'Q4_K_M',
  runnable: false,
  problem: 'not a GLM model (architecture llama)',
};

test('a runnable model shows its name, facts and path', () => {
  assert.deepEqual(modelPickItem(glm4, undefined), {
    label: '$(file) glm-4-9b-chat',
    description: 'chatglm · Q4_0 · 5.1 GB · model directory',
    detail: '/models/glm-4-9b-chat.Q4_0.gguf',
    path: '/models/glm-4-9b-chat.Q4_0.gguf',
  });
});

test('the model in use is checked', () => {
  assert.equal(modelPickItem(glm4, glm4.path).label, '$(check) glm-4-9b-chat');
});

test('a model the server cannot run is marked with its problem', () => {
  assert.deepEqual(modelPickItem(llama, undefined), {
    label: '$(warning) llama3:8b',
    description: 'llama · Q4_K_M · 4.3 GB · Ollama',
    detail: 'Cannot run: not a GLM model (architecture llama) (/home/u/.ollama/models/blobs/sha256-1)',
    path: '/home/u/.ollama/models/blobs/sha256-1',
  });
});

test('unknown architecture and quantization are said or left out', () => {
  const bare: FoundModel = { ...glm4, architecture: null, quantization: null, sizeBytes: 4_761_984, source: 'lmstudio' };
  assert.equal(modelPickItem(bare, undefined).description, 'unknown architecture · 5 MB · LM Studio');
});

test('runnable models come first and Browse… last', () => {
  assert.deepEqual(
    modelPickItems([llama, glm4], undefined).map((item) => item.label),
    ['$(file) glm-4-9b-chat', '$(warning) llama3:8b', '$(folder-opened) Browse…'],
  );
  assert.deepEqual(modelPickItems([], undefined), [browseItem]);
});

test('sizes read like a file manager', () => {
  assert.equal(formatSize(5_455_000_000), '5.1 GB');
  assert.equal(formatSize(512 * 1024 * 1024), '512 MB');
  assert.equal(formatSize(980 * 1024), '980 KB');
  assert.equal(formatSize(10), '1 KB');
});
