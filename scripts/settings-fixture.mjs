// The settings-mirror fixture (clients/vscode/test/fixtures/server-settings-schema.json) is the built server's answer
// to glm/settingsSchema. This script regenerates it from the Release build (`npm run settings:fixture`), and
// scripts/run-tests.mjs calls checkSettingsFixture() so CI fails when the checked-in copy no longer matches the server.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { isDeepStrictEqual } from 'node:util';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const client = join(root, 'clients', 'vscode');
export const fixturePath = join(client, 'test', 'fixtures', 'server-settings-schema.json');
export const regenerateCommand = 'npm run settings:fixture';

// glm-lsp.dll of the Release build of src/Glm.Lsp (bin/Release/<tfm>/, or one level deeper when a runtime is set).
export function builtServerDll() {
  const bin = join(root, 'src', 'Glm.Lsp', 'bin', 'Release');
  const candidates = [];
  const visit = (directory, depth) => {
    if (!existsSync(directory)) return;
    for (const entry of readdirSync(directory, { withFileTypes: true })) {
      const path = join(directory, entry.name);
      if (entry.isFile() && entry.name === 'glm-lsp.dll') candidates.push(path);
      else if (entry.isDirectory() && depth < 2) visit(path, depth + 1);
    }
  };
  visit(bin, 0);
  candidates.sort((a, b) => a.length - b.length);
  return candidates[0];
}

// The server's answer to glm/settingsSchema as printed by clients/vscode/scripts/server-settings.mjs: { schema } or { error }.
function askServer(dll) {
  const result = spawnSync(process.execPath, [join(client, 'scripts', 'server-settings.mjs'), dll], {
    cwd: root,
    encoding: 'utf8',
    maxBuffer: 16 * 1024 * 1024,
  });
  if (result.status !== 0) {
    return { error: `server-settings.mjs failed (${result.error?.message ?? `exit code ${result.status}`}):\n${result.stderr}` };
  }
  return { schema: JSON.parse(result.stdout), text: result.stdout };
}

// Asks the built server for the schema and compares it with the checked-in fixture as JSON values (key order aside).
// Returns null when they are equal, otherwise a message that says what differs and how to regenerate.
export function checkSettingsFixture() {
  const dll = builtServerDll();
  if (!dll) {
    return `settings fixture: no Release build of the server under src/Glm.Lsp/bin/Release; build it (dotnet build src/Glm.Lsp -c Release) first.`;
  }
  const answer = askServer(dll);
  if (answer.error) return `settings fixture: could not ask the built server for glm/settingsSchema: ${answer.error}`;
  const checkedIn = JSON.parse(readFileSync(fixturePath, 'utf8'));
  if (isDeepStrictEqual(answer.schema, checkedIn)) return null;
  // Kept for a diff: the checked-in file is never overwritten by a check.
  const regenerated = join(mkdtempSync(join(tmpdir(), 'glm-settings-fixture-')), 'server-settings-schema.json');
  writeFileSync(regenerated, answer.text);
  return [
    `settings fixture: ${relative(root, fixturePath)} differs from what the built server (${relative(root, dll)}) answers to glm/settingsSchema`,
    `  (its answer: ${regenerated}). Settings that differ: ${differingSettings(checkedIn, answer.schema).join(', ') || '(top-level fields only)'}.`,
    `  Regenerate it with \`${regenerateCommand}\` (after \`dotnet build src/Glm.Lsp -c Release\`), update package.json's`,
    `  contributes.configuration with clients/vscode/scripts/sync-settings.mjs, and commit both.`,
  ].join('\n');
}

function differingSettings(checkedIn, regenerated) {
  const a = checkedIn?.properties ?? {};
  const b = regenerated?.properties ?? {};
  return [...new Set([...Object.keys(a), ...Object.keys(b)])].filter((key) => !isDeepStrictEqual(a[key], b[key]));
}

// Writes the fixture from the built server, formatted by the client's prettier as `npm run format:check` expects.
async function regenerate() {
  const dll = builtServerDll();
  if (!dll) {
    console.error('No Release build of the server under src/Glm.Lsp/bin/Release; run: dotnet build src/Glm.Lsp -c Release');
    process.exit(1);
  }
  const answer = askServer(dll);
  if (answer.error) {
    console.error(answer.error);
    process.exit(1);
  }
  const prettier = createRequire(join(client, 'package.json'))('prettier');
  const options = (await prettier.resolveConfig(fixturePath)) ?? {};
  writeFileSync(fixturePath, await prettier.format(answer.text, { ...options, filepath: fixturePath }));
  console.log(`wrote ${relative(root, fixturePath)} from ${relative(root, dll)}`);
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  await regenerate();
}
