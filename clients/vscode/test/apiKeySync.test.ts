import assert from 'node:assert/strict';
import { test } from 'node:test';
import { ApiKeySync } from '../src/secrets/apiKeySync';
import type { SetApiKeyParams } from '../src/protocol';

function harness(initial: string | undefined) {
  let stored = initial;
  const sent: SetApiKeyParams[] = [];
  const sync = new ApiKeySync({ get: () => Promise.resolve(stored) }, (params) => {
    sent.push(params);
    return Promise.resolve();
  });
  return {
    sync,
    sent,
    set: (value: string | undefined) => {
      stored = value;
    },
  };
}

test('after a start the stored key is sent, and the description does not contain it', async () => {
  const h = harness('sk-secret-123');
  const description = await h.sync.push();
  assert.deepEqual(h.sent, [{ apiKey: 'sk-secret-123' }]);
  assert.equal(description, 'the remote API key from secret storage');
  assert.ok(!description.includes('sk-secret-123'));
});

test('with no key (or an empty one) null is sent, so a restarted server forgets an old key', async () => {
  const h = harness(undefined);
  assert.equal(await h.sync.push(), 'no remote API key');
  h.set('');
  await h.sync.push();
  assert.deepEqual(h.sent, [{ apiKey: null }, { apiKey: null }]);
});

test('a changed or cleared key is sent again', async () => {
  const h = harness('old');
  await h.sync.push();
  h.set('new');
  await h.sync.push();
  h.set(undefined);
  await h.sync.push();
  assert.deepEqual(h.sent, [{ apiKey: 'old' }, { apiKey: 'new' }, { apiKey: null }]);
});
