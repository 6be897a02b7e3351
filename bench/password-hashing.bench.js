// argon2id password hashing, exactly as PasswordHasher (libs/identity/src/usecases/password-hasher.ts)
// is configured, against SHA-256 of the same input as the baseline. The point of argon2id is to be
// slow and memory-hungry, so that a stolen hash is expensive to guess; the target is that one
// sign-in costs roughly 20–100 ms: cheaper weakens the hashes, dearer queues sign-ins under load.
'use strict';

const { createHash } = require('node:crypto');

const HASHES = 20; // argon2id samples: fixed, so every run does the same work
const SHA_BATCHES = 20;
const SHA_BATCH_SIZE = 2000; // one SHA-256 is far below a timer's resolution; time them in batches
const PASSWORD = 'correct horse battery staple';
const TARGET_MS = { low: 20, high: 100 };

module.exports = {
  description: `argon2id as PasswordHasher configures it, ${HASHES} hashes; baseline SHA-256 of the same input`,
  budgetSeconds: 30,

  async run({ sample, sampleBatched, report }) {
    const { PasswordHasher } = require('../dist/libs/identity/src/usecases/password-hasher');
    const hasher = new PasswordHasher();
    // Read back from the hasher itself, so this reports what was measured, not what a comment says.
    const { type, memoryCost, timeCost, parallelism } = hasher.options;
    const typeName = { 0: 'argon2d', 1: 'argon2i', 2: 'argon2id' }[type] ?? `type ${type}`;

    const argon = await sample(HASHES, () => hasher.hash(PASSWORD), { warmup: 2 });
    const sha = sampleBatched(SHA_BATCHES, SHA_BATCH_SIZE, () => createHash('sha256').update(PASSWORD).digest('hex'));

    report({
      title: 'password-hashing',
      details: [
        `${typeName}, memoryCost ${memoryCost} KiB (${(memoryCost / 1024).toFixed(0)} MiB), timeCost ${timeCost}, parallelism ${parallelism}`,
        `input: a ${PASSWORD.length}-character password; a fresh random salt per argon2id hash`,
      ],
      measured: { label: 'argon2id hash', times: argon, samples: `${HASHES} (after 2 warm-up)` },
      baseline: { label: 'sha256 of the same input', times: sha, samples: `${SHA_BATCHES} × ${SHA_BATCH_SIZE}` },
      target: {
        text: `one sign-in should cost ${TARGET_MS.low}–${TARGET_MS.high} ms per hash`,
        verdict: (ms) =>
          ms < TARGET_MS.low
            ? 'BELOW target: hashes are cheap to guess on this machine; raise memoryCost or timeCost'
            : ms > TARGET_MS.high
              ? 'ABOVE target: sign-ins will queue under load; lower timeCost or add CPUs'
              : 'within target',
      },
    });
  },
};
