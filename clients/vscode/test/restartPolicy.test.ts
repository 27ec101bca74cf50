import assert from 'node:assert/strict';
import { test } from 'node:test';
import { RestartPolicy } from '../src/client/restartPolicy';

test('crashes are restarted up to the limit within the window, then no more', () => {
  const policy = new RestartPolicy(2, 60_000);
  assert.equal(policy.shouldRestart(0), true);
  assert.equal(policy.shouldRestart(1_000), true);
  assert.equal(policy.shouldRestart(2_000), false);
});

test('crashes older than the window are forgotten', () => {
  const policy = new RestartPolicy(1, 60_000);
  assert.equal(policy.shouldRestart(0), true);
  assert.equal(policy.shouldRestart(60_001), true);
  assert.equal(policy.shouldRestart(60_002), false);
});

test('a manual restart resets the count, and giving up is explained', () => {
  const policy = new RestartPolicy(4, 180_000);
  for (let i = 0; i < 5; i++) policy.shouldRestart(i);
  assert.equal(policy.shouldRestart(10), false);
  policy.reset();
  assert.equal(policy.shouldRestart(20), true);
  assert.equal(
    policy.describeGivingUp(),
    'The glm-lsp server stopped 5 times within 3 minutes and will not be restarted automatically. See the server log, then run "GLM: Restart Server".',
  );
});
