// The real-editor suite: glm-lsp driven by Neovim's vim.lsp and by Emacs' eglot, each through its own LSP client code
// (neovim.lua, eglot.el), configured as docs/editors.md says. The editors come from Debian (install-editors.sh installs
// them when missing), the model is the predictable test model written by glm-tools of the same build, so every text is exact.
import { test, before } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync, spawn } from 'node:child_process';
import { existsSync, mkdtempSync, mkdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const root = join(here, '..', '..');
const corpusRest =
  ' the code exists, not merely what it does; write for a reader who arrives next year holding one bug report and no context. 山川异域，风月同天。';
const chatAnswer = 'Hi there! How can I help you today?';
const noModel =
  'glm-lsp: no model is configured: none of --model, initializationOptions.modelPath or the glm.modelPath setting is set. Point one at a GLM GGUF file (ChatGLM3-6B, GLM-4-9B or CodeGeeX4).';
// A whole editor session, server start and model load included, on a machine other builds keep busy.
const sessionTimeoutMs = 300_000;

let serverDll;
let model;
let notGguf;

// The newest build of the server, as tests/node picks it.
function findServerDll() {
  return findBuilt('src', 'Glm.Lsp', 'glm-lsp.dll');
}

// The newest build (Release or Debug) of an assembly of the solution: the server, or glm-tools that writes the test model.
function findBuilt(folder, project, assembly) {
  const candidates = ['Release', 'Debug']
    .map((c) => join(root, folder, project, 'bin', c, 'net10.0', assembly))
    .filter((p) => existsSync(p))
    .sort((a, b) => statSync(b).mtimeMs - statSync(a).mtimeMs);
  assert.ok(candidates.length > 0, `${assembly} is not built: run dotnet build first`);
  return candidates[0];
}

before(() => {
  execFileSync('bash', [join(here, 'install-editors.sh')], { stdio: ['ignore', 'inherit', 'inherit'] });
  serverDll = findServerDll();
  const folder = join(root, 'artifacts', 'editors');
  mkdirSync(folder, { recursive: true });
  model = join(folder, 'predictable-model.gguf');
  execFileSync('dotnet', [findBuilt('tools', 'Glm.Tools', 'glm-tools.dll'), 'make-test-model', '--out', model], { stdio: ['ignore', 'ignore', 'inherit'] });
  notGguf = join(folder, 'notes-renamed.gguf');
  writeFileSync(notGguf, 'These are notes, not a model.\n');
});

// Runs one editor session in a fresh folder and returns the JSON its script wrote.
function runEditor(command, args, scenario, modelPath, files) {
  const folder = mkdtempSync(join(tmpdir(), 'glm-editor-'));
  for (const [name, text] of Object.entries(files)) writeFileSync(join(folder, name), text);
  const resultFile = join(folder, 'result.json');
  const env = {
    ...process.env,
    HOME: folder,
    XDG_CONFIG_HOME: join(folder, 'config'),
    XDG_DATA_HOME: join(folder, 'data'),
    XDG_STATE_HOME: join(folder, 'state'),
    XDG_CACHE_HOME: join(folder, 'cache'),
    GLM_SERVER_DLL: serverDll,
    GLM_MODEL: modelPath,
    GLM_SCENARIO: scenario,
    GLM_RESULT: resultFile,
    GLM_WORKDIR: folder,
    GLM_DOCUMENT: join(folder, Object.keys(files)[0]),
  };
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { cwd: folder, env, stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (d) => { stderr += d; });
    const timer = setTimeout(() => child.kill('SIGKILL'), sessionTimeoutMs);
    child.on('exit', () => {
      clearTimeout(timer);
      try {
        assert.ok(existsSync(resultFile), `${command} wrote no result; its stderr:\n${stderr.slice(-3000)}`);
        const result = JSON.parse(readFileSync(resultFile, 'utf8'));
        assert.equal(result.error, undefined, `${command}: ${result.error}\n${stderr.slice(-3000)}`);
        resolve(result);
      } catch (error) {
        reject(error);
      } finally {
        rmSync(folder, { recursive: true, force: true });
      }
    });
  });
}

const neovim = (scenario, modelPath) =>
  runEditor('nvim', ['--headless', '--clean', '-u', 'NONE', '-c', `luafile ${join(here, 'neovim.lua')}`], scenario, modelPath, {
    'notes.md': 'Good documentation explains why\n',
  });

const emacs = (scenario, modelPath) =>
  runEditor('emacs', ['--batch', '-Q', '-l', join(here, 'eglot.el')], scenario, modelPath, {
    'notes.txt': 'Good documentation explains why\n',
    'sum.py': '# 这是注释\nx = 1\n',
  });

const status = { state: 'ready', model: 'glm-lsp predictable test model' };

test('Neovim 0.7 vim.lsp: invoked completion, edits, hover, a rewrite from its code action menu, status, shutdown', async () => {
  const result = await neovim('ready', model);
  assert.deepEqual(result.messages, [], 'no message at startup: the settings Neovim pushes after initialized load the model');
  assert.deepEqual(result.completion_words, [`why${corpusRest}`]);
  assert.equal(result.steps.completed_line, `Good documentation explains why${corpusRest}`);
  assert.equal(result.hover, `**GLM translation (English)**\n\n${chatAnswer}`);
  assert.equal(result.rewritten_line, chatAnswer);
  assert.deepEqual({ state: result.status.state, model: result.status.model }, status);
  assert.equal(result.exit_code, 0);
});

test('Neovim: without a model, the one message names every place a model path is read', async () => {
  const result = await neovim('missing', '');
  assert.deepEqual(result.messages, [{ type: 2, message: noModel }]);
  assert.equal(result.exit_code, 0);
});

test('Neovim: a text file named .gguf is one error naming the setting it came from', async () => {
  const result = await neovim('broken', notGguf);
  assert.equal(result.messages.length, 1);
  assert.equal(result.messages[0].type, 1);
  assert.match(
    result.messages[0].message,
    /^glm-lsp: the model file ".*notes-renamed\.gguf" \(from the glm\.modelPath setting\) could not be loaded: .+\. Point --model, initializationOptions\.modelPath or the glm\.modelPath setting at a valid GLM GGUF file\.$/,
  );
});

test('Emacs eglot: invoked completion in text-mode, a rewrite from eglot-code-actions (command + applyEdit), plaintext hover, status, shutdown', async () => {
  const result = await emacs('ready', model);
  assert.deepEqual(result.messages, []);
  assert.equal(result.completedLine, `Good documentation explains why${corpusRest}`);
  assert.equal(result.rewrittenLine, chatAnswer);
  assert.equal(result.hover, `GLM translation (English)\n\n${chatAnswer}`);
  assert.deepEqual({ state: result.status.state, model: result.status.model }, status);
  // eglot-shutdown got its answer to shutdown (else the script records an error), then ended the process itself.
  assert.equal(typeof result.exitCode, 'number');
});

test('Emacs eglot: without a model, the one message names every place a model path is read', async () => {
  const result = await emacs('missing', '');
  assert.deepEqual(result.messages, [{ type: 2, message: noModel }]);
});

test('Emacs eglot: a text file named .gguf is one error naming the setting it came from', async () => {
  const result = await emacs('broken', notGguf);
  assert.equal(result.messages.length, 1);
  assert.equal(result.messages[0].type, 1);
  assert.match(result.messages[0].message, /^glm-lsp: the model file ".*notes-renamed\.gguf" \(from the glm\.modelPath setting\) could not be loaded: /);
});
