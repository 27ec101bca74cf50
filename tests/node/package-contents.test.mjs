// The check scripts/package-vscode.mjs makes on a published server folder before packing it (scripts/package-contents.mjs).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { foreignRuntimeFiles, listFiles } from '../../scripts/package-contents.mjs';

// Part of the linux-x64 server folder as main published it before each .vsix kept one platform's natives.
const publishedForLinuxX64 = [
  'glm-lsp',
  'glm-lsp.dll',
  'libSkiaSharp.so',
  'runtimes/linux-x64/native/avx2/libllama.so',
  'runtimes/linux-x64/native/noavx/libggml-cpu.so',
  'runtimes/linux-musl-x64/native/avx2/libllama.so',
  'runtimes/linux-arm64/native/libllama.so',
  'runtimes/osx-arm64/native/libllama.dylib',
  'runtimes/osx-x64/native/rosetta2/libllama.dylib',
  'runtimes/win-x64/native/avx/llama.dll',
  'runtimes/win-arm64/native/llama.dll',
];

test('every other platform\'s llama.cpp build in a linux-x64 server folder is named, and only those', () => {
  assert.deepEqual(foreignRuntimeFiles(publishedForLinuxX64, 'linux-x64'), [
    'runtimes/linux-musl-x64/native/avx2/libllama.so',
    'runtimes/linux-arm64/native/libllama.so',
    'runtimes/osx-arm64/native/libllama.dylib',
    'runtimes/osx-x64/native/rosetta2/libllama.dylib',
    'runtimes/win-x64/native/avx/llama.dll',
    'runtimes/win-arm64/native/llama.dll',
  ]);
});

test('linux-x64 is foreign to the musl package, whose rid only starts like it, and Windows separators count', () => {
  assert.deepEqual(foreignRuntimeFiles(['runtimes/linux-x64/native/avx/libllama.so', 'runtimes\\linux-musl-x64\\native\\avx\\libllama.so'], 'linux-musl-x64'), [
    'runtimes/linux-x64/native/avx/libllama.so',
  ]);
  assert.deepEqual(foreignRuntimeFiles(['runtimes\\\\win-x64/native/avx/llama.dll', 'runtimes\\\\osx-x64/native/libllama.dylib'], 'win-x64'), [
    'runtimes\\\\osx-x64/native/libllama.dylib',
  ]);
});

test('the server folder is listed recursively with / separators', () => {
  const folder = mkdtempSync(join(tmpdir(), 'glm-lsp-package-'));
  try {
    mkdirSync(join(folder, 'runtimes', 'osx-x64', 'native'), { recursive: true });
    writeFileSync(join(folder, 'glm-lsp.dll'), '');
    writeFileSync(join(folder, 'runtimes', 'osx-x64', 'native', 'libllama.dylib'), '');
    assert.deepEqual(listFiles(folder).sort(), ['glm-lsp.dll', 'runtimes/osx-x64/native/libllama.dylib']);
    assert.deepEqual(foreignRuntimeFiles(listFiles(folder), 'linux-x64'), ['runtimes/osx-x64/native/libllama.dylib']);
  } finally {
    rmSync(folder, { recursive: true, force: true });
  }
});
