#!/usr/bin/env node
// Benchmarks (not tests): `npm run bench` lists them, `npm run bench -- <name> [<name>…]` runs
// bench/<name>.bench.js. Each prints its figures beside a baseline measured in the same run, and
// the ratio, so a number always comes with the yardstick it should be read against.
//
// Why plain .js files importing ../dist/…, rather than TypeScript through a loader: a benchmark
// then measures the code that ships, compiled exactly as `nest build` compiles it, and needs no
// TypeScript hook (and no path-alias resolution) of its own. The price is a build: this runner
// runs `npm run build` first when dist/ is missing or older than any source file it is built
// from, so a figure never comes from stale code.
//
// Also the helpers the benchmarks use (timing, medians, the report), so every benchmark reports
// the same way; see bench/README.md.
'use strict';

const { ensureBuilt } = require('../scripts/ensure-built');
const { readdirSync } = require('node:fs');
const { join } = require('node:path');
const { performance } = require('node:perf_hooks');

const ROOT = join(__dirname, '..');
const BENCH_DIR = __dirname;
const SUFFIX = '.bench.js';
const DEFAULT_BUDGET_SECONDS = 30;

// ---------------------------------------------------------------- helpers for benchmarks

/** Runs `fn` `count` times (after `warmup` untimed runs); returns each run's time in ms. */
async function sample(count, fn, { warmup = 1 } = {}) {
  for (let i = 0; i < warmup; i++) await fn(i);
  const times = [];
  for (let i = 0; i < count; i++) {
    const started = performance.now();
    await fn(i);
    times.push(performance.now() - started);
  }
  return times;
}

/**
 * For operations too quick to time one by one: `count` timed batches of `batch` calls each;
 * returns the time per call in ms for every batch. `fn` must be synchronous.
 */
function sampleBatched(count, batch, fn, { warmup = 1 } = {}) {
  const times = [];
  for (let round = -warmup; round < count; round++) {
    const started = performance.now();
    for (let i = 0; i < batch; i++) fn(i);
    if (round >= 0) times.push((performance.now() - started) / batch);
  }
  return times;
}

function median(values) {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
}

function stats(timesMs) {
  return { median: median(timesMs), min: Math.min(...timesMs), max: Math.max(...timesMs), count: timesMs.length };
}

/** Milliseconds with about three significant figures, however small. */
function formatMs(ms) {
  const digits = ms >= 100 ? 0 : ms >= 10 ? 1 : Math.min(6, Math.max(2, 2 - Math.floor(Math.log10(ms))));
  return `${ms.toFixed(digits)} ms`;
}

function formatCount(n) {
  return n >= 100 ? Math.round(n).toLocaleString('en-GB') : n.toFixed(1);
}

/**
 * Prints one benchmark's result in the house format.
 *   measured / baseline: { label, times (ms per operation), samples (how they were taken) }
 *   target: optional { text, verdict(medianMs) → string }
 */
function report({ title, details = [], measured, baseline, target }) {
  const rows = [
    ['', 'median', 'min', 'max', 'per second', 'samples'],
    ...[measured, baseline].map((m, i) => {
      const s = stats(m.times);
      return [`${i === 0 ? 'measured' : 'baseline'}  ${m.label}`, formatMs(s.median), formatMs(s.min), formatMs(s.max), formatCount(1000 / s.median), m.samples ?? String(s.count)];
    }),
  ];
  const widths = rows[0].map((_, c) => Math.max(...rows.map((r) => r[c].length)));
  const line = (r) => r.map((cell, c) => (c === 0 ? cell.padEnd(widths[c]) : cell.padStart(widths[c]))).join('   ');
  const ratio = median(measured.times) / median(baseline.times);

  const out = [`${title}`, ...details.map((d) => `  ${d}`), '', ...rows.map((r) => `  ${line(r)}`), ''];
  out.push(`  ratio     ${formatCount(ratio)}× the baseline's median time (${measured.label} / ${baseline.label})`);
  if (target) out.push(`  target    ${target.text}: ${target.verdict(median(measured.times))}`);
  console.log(out.join('\n'));
  return { measured: stats(measured.times), baseline: stats(baseline.times), ratio };
}

module.exports = { sample, sampleBatched, median, stats, formatMs, report, ROOT };

// ---------------------------------------------------------------- the runner

function benchmarks() {
  return readdirSync(BENCH_DIR)
    .filter((file) => file.endsWith(SUFFIX))
    .map((file) => file.slice(0, -SUFFIX.length))
    .sort();
}

function list(stream = process.stdout) {
  const names = benchmarks();
  const width = Math.max(0, ...names.map((n) => n.length));
  stream.write('Benchmarks (run one with: npm run bench -- <name>)\n');
  for (const name of names) stream.write(`  ${name.padEnd(width)}   ${require(join(BENCH_DIR, name + SUFFIX)).description ?? ''}\n`);
}


async function runOne(name) {
  const bench = require(join(BENCH_DIR, name + SUFFIX));
  const budget = (bench.budgetSeconds ?? DEFAULT_BUDGET_SECONDS) * 1000;
  // A benchmark is bounded in time: one that overruns is a failure, not a long wait.
  const timer = setTimeout(() => {
    process.stderr.write(`\n${name}: over its budget of ${budget / 1000} s; stopped.\n`);
    process.exit(1);
  }, budget);
  try {
    await bench.run(module.exports);
  } finally {
    clearTimeout(timer);
  }
}

async function main(names) {
  if (names.length === 0 || names.includes('--help') || names.includes('-h')) {
    list();
    return 0;
  }
  const known = new Set(benchmarks());
  const unknown = names.filter((n) => !known.has(n));
  if (unknown.length) {
    process.stderr.write(`No benchmark named ${unknown.map((n) => `"${n}"`).join(', ')}.\n\n`);
    list(process.stderr);
    return 2;
  }
  ensureBuilt();
  require('reflect-metadata'); // what every entry point of the app loads first
  for (const [i, name] of names.entries()) {
    if (i > 0) console.log('');
    await runOne(name);
  }
  return 0;
}

if (require.main === module) {
  main(process.argv.slice(2)).then(
    (code) => process.exit(code),
    (error) => {
      process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
      process.exit(1);
    },
  );
}
