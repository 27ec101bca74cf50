import assert from 'node:assert/strict';
import { test } from 'node:test';
import { rewriteAsk, rewriteChoices, translationStyle } from '../src/rewrite/rewriteStyles';

test('the quick pick lists the six styles of the issue, then the free instruction', () => {
  assert.deepEqual(
    rewriteChoices.map((c) => c.label),
    [
      'Improve writing',
      'Make concise',
      'Make formal',
      'Fix grammar and spelling',
      'Translate to English',
      'Translate to Chinese',
      'Custom instruction…',
    ],
  );
});

test('each style choice sends the style name the server documents', () => {
  assert.deepEqual(
    rewriteChoices.map((c) => c.style),
    ['improve', 'concise', 'formal', 'fixGrammar', 'toEnglish', 'toChinese', undefined],
  );
});

test('a style choice asks for that style', () => {
  const formal = rewriteChoices.find((c) => c.label === 'Make formal');
  assert.ok(formal);
  assert.deepEqual(rewriteAsk(formal), { style: 'formal' });
});

test('the custom choice asks with the trimmed instruction, and not at all when it is blank', () => {
  const custom = rewriteChoices.find((c) => c.custom === true);
  assert.ok(custom);
  assert.deepEqual(rewriteAsk(custom, '  Turn into a haiku \n'), { instruction: 'Turn into a haiku' });
  assert.equal(rewriteAsk(custom, '   '), undefined);
  assert.equal(rewriteAsk(custom, undefined), undefined);
});

test('translating a selection follows glm.translationTarget, and auto goes from Chinese to English and back', () => {
  assert.equal(translationStyle('这是一个注释', 'auto'), 'toEnglish');
  assert.equal(translationStyle('Mixed 文本 text', 'auto'), 'toEnglish');
  assert.equal(translationStyle('A plain comment', 'auto'), 'toChinese');
  assert.equal(translationStyle('A plain comment', undefined), 'toChinese');
  assert.equal(translationStyle('这是一个注释', 'chinese'), 'toChinese');
  assert.equal(translationStyle('A plain comment', 'english'), 'toEnglish');
});
