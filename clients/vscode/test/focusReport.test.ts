import assert from 'node:assert/strict';
import { test } from 'node:test';
import { FocusReports, type EditorView, type Timers } from '../src/focus/focusReport';
import type { DidFocusParams } from '../src/protocol';

/** Timers that fire only when the test says, so the debounce is tested without waiting. */
class ManualTimers implements Timers {
  private readonly pending = new Map<number, () => void>();
  private next = 0;
  readonly set = (callback: () => void): unknown => {
    this.next += 1;
    this.pending.set(this.next, callback);
    return this.next;
  };
  readonly clear = (handle: unknown): void => {
    this.pending.delete(handle as number);
  };
  get count(): number {
    return this.pending.size;
  }
  fireAll(): void {
    const callbacks = [...this.pending.values()];
    this.pending.clear();
    for (const callback of callbacks) callback();
  }
}

const notes: EditorView = {
  uri: 'file:///notes/a.md',
  scheme: 'file',
  visibleRange: { start: { line: 0, character: 0 }, end: { line: 40, character: 0 } },
  cursor: { line: 3, character: 7 },
};

function setUp(): { sent: DidFocusParams[]; timers: ManualTimers; reports: FocusReports } {
  const sent: DidFocusParams[] = [];
  const timers = new ManualTimers();
  return { sent, timers, reports: new FocusReports((params) => sent.push(params), 250, timers) };
}

test('a burst of view changes (scrolling) sends one report, of the last view, when the timer fires', () => {
  const { sent, timers, reports } = setUp();
  reports.viewChanged(notes);
  reports.viewChanged({ ...notes, visibleRange: { start: { line: 20, character: 0 }, end: { line: 60, character: 0 } } });
  assert.equal(timers.count, 1);
  assert.deepEqual(sent, []);
  timers.fireAll();
  assert.deepEqual(sent, [
    {
      textDocument: { uri: 'file:///notes/a.md' },
      visibleRange: { start: { line: 20, character: 0 }, end: { line: 60, character: 0 } },
      position: { line: 3, character: 7 },
    },
  ]);
});

test('the same view is not reported twice in a row, except to a server that just started', () => {
  const { sent, timers, reports } = setUp();
  reports.viewChanged(notes);
  timers.fireAll();
  reports.viewChanged(notes);
  timers.fireAll();
  assert.equal(sent.length, 1);
  reports.serverRestarted();
  reports.viewChanged(notes);
  timers.fireAll();
  assert.equal(sent.length, 2);
});

test('documents the server does not have, and no editor at all, are not reported and cancel a pending report', () => {
  const { sent, timers, reports } = setUp();
  reports.viewChanged(notes);
  reports.viewChanged({ ...notes, uri: 'git:/notes/a.md', scheme: 'git' });
  assert.equal(timers.count, 0);
  reports.viewChanged(notes);
  reports.viewChanged(undefined);
  assert.equal(timers.count, 0);
  timers.fireAll();
  assert.deepEqual(sent, []);
});

test('a view without a visible range or cursor sends only the document', () => {
  const { sent, timers, reports } = setUp();
  reports.viewChanged({ uri: 'untitled:Untitled-1', scheme: 'untitled' });
  timers.fireAll();
  assert.deepEqual(sent, [{ textDocument: { uri: 'untitled:Untitled-1' } }]);
});
