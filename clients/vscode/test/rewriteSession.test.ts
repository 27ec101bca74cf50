import assert from 'node:assert/strict';
import { test } from 'node:test';
import { RewriteSession, type RegionEdit } from '../src/rewrite/rewriteSession';

/** Applies every pending edit to a string document, as the preview does to the editor. */
function applyAll(session: RewriteSession, document: string): string {
  let edit: RegionEdit | undefined;
  let text = document;
  while ((edit = session.nextEdit()) !== undefined) {
    text = text.slice(0, edit.offset) + edit.text + text.slice(edit.offset + edit.length);
    session.markApplied(edit);
  }
  return text;
}

const document = 'Intro. teh cat sat. Outro.';
const selectionStart = 7;
const selection = 'teh cat sat.';

test('streamed text (the whole text so far each time) replaces the selection, and the final result completes it into review', () => {
  const session = new RewriteSession(selectionStart, selection);
  assert.equal(session.nextEdit(), undefined, 'nothing changes before the first token');
  session.showPartial('The');
  let text = applyAll(session, document);
  assert.equal(text, 'Intro. The Outro.');
  assert.deepEqual(session.region, { start: 7, end: 10 });
  session.showPartial('The cat');
  text = applyAll(session, text);
  assert.equal(text, 'Intro. The cat Outro.');
  session.complete('The cat sat.');
  assert.equal(session.phase, 'review');
  text = applyAll(session, text);
  assert.equal(text, 'Intro. The cat sat. Outro.');
  assert.deepEqual(session.accept(), { cancelRequest: false });
  assert.equal(session.phase, 'accepted');
  assert.equal(session.isOpen, false);
});

test('edits coalesce: several partial results before an edit is applied become one replacement', () => {
  const session = new RewriteSession(selectionStart, selection);
  session.showPartial('A');
  session.showPartial('AB');
  session.showPartial('ABC');
  assert.deepEqual(session.nextEdit(), { offset: 7, length: selection.length, text: 'ABC' });
});

test('discard during review restores the original text without cancelling anything', () => {
  const session = new RewriteSession(selectionStart, selection);
  session.complete('The cat sat.');
  let text = applyAll(session, document);
  assert.deepEqual(session.discard(), { cancelRequest: false });
  text = applyAll(session, text);
  assert.equal(text, document);
  assert.equal(session.phase, 'discarded');
});

test('Escape while streaming cancels the request and restores the original', () => {
  const session = new RewriteSession(selectionStart, selection);
  session.showPartial('The ca');
  let text = applyAll(session, document);
  assert.deepEqual(session.discard(), { cancelRequest: true });
  text = applyAll(session, text);
  assert.equal(text, document);
  session.showPartial('The cat sat.');
  session.complete('The cat sat.');
  assert.equal(session.nextEdit(), undefined, 'text arriving after the cancel is ignored');
  assert.equal(session.phase, 'discarded');
});

test('accept while streaming keeps the text so far and cancels the rest of the generation', () => {
  const session = new RewriteSession(selectionStart, selection);
  session.showPartial('The cat');
  assert.deepEqual(session.accept(), { cancelRequest: true });
  assert.equal(applyAll(session, document), 'Intro. The cat Outro.');
});

test('a failure restores the original and keeps the message', () => {
  const session = new RewriteSession(selectionStart, selection);
  session.showPartial('The');
  let text = applyAll(session, document);
  session.fail('Request cancelled by the server');
  text = applyAll(session, text);
  assert.equal(text, document);
  assert.equal(session.phase, 'failed');
  assert.equal(session.failureMessage, 'Request cancelled by the server');
  assert.deepEqual(session.accept(), { cancelRequest: false });
});

test('Chinese and emoji are measured in UTF-16 code units, as VS Code offsets are', () => {
  const session = new RewriteSession(2, '你好');
  session.complete('Hello 👋');
  const edit = session.nextEdit();
  assert.deepEqual(edit, { offset: 2, length: 2, text: 'Hello 👋' });
  assert.ok(edit);
  session.markApplied(edit);
  assert.deepEqual(session.region, { start: 2, end: 10 });
});

test('typing before the preview moves it, typing after it leaves it, and both keep it streaming', () => {
  const session = new RewriteSession(selectionStart, selection);
  session.showPartial('The');
  let text = applyAll(session, document);
  assert.equal(text, 'Intro. The Outro.');
  // The user types "Big " at the start and deletes "." after the preview, in one event of the document before it.
  assert.deepEqual(
    session.documentChanged([
      { offset: 0, length: 0, text: 'Big ' },
      { offset: 16, length: 1, text: '' },
    ]),
    { cancelRequest: false },
  );
  text = 'Big Intro. The Outro';
  assert.deepEqual(session.region, { start: 11, end: 14 });
  assert.equal(session.phase, 'streaming');
  session.showPartial('The cat');
  text = applyAll(session, text);
  // An insertion right at the preview's start is before it; right at its end, after it.
  session.documentChanged([{ offset: 11, length: 0, text: '>' }]);
  session.documentChanged([{ offset: 19, length: 0, text: '<' }]);
  text = 'Big Intro. >The cat< Outro';
  session.complete('The cat sat.');
  text = applyAll(session, text);
  assert.equal(text, 'Big Intro. >The cat sat.< Outro');
});

test('typing into the preview ends it as Accept does, and no pending preview edit overwrites the typing', () => {
  const session = new RewriteSession(selectionStart, selection);
  session.showPartial('The');
  const text = applyAll(session, document);
  session.showPartial('The cat');
  // The partial "The cat" is not applied yet when the user types inside "The".
  assert.deepEqual(session.documentChanged([{ offset: 8, length: 0, text: 'x' }]), { cancelRequest: true });
  assert.equal(session.phase, 'accepted');
  assert.equal(session.nextEdit(), undefined);
  assert.equal(text, 'Intro. The Outro.');
});
