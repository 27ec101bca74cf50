import assert from 'node:assert/strict';
import { test } from 'node:test';
import { rewriteAsk, rewriteChoices } from '../src/rewrite/rewriteStyles';

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
