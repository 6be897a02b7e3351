#!/usr/bin/env node
// The module rules of ../shared/STYLE.md, checked on every test run:
//  - a lib imports another lib only through its public index (`@commonpurse/<lib>`);
//  - libs never import from apps/;
//  - the graph of libs has no cycles (so no forwardRef is ever needed).
const { readdirSync, readFileSync, statSync } = require('node:fs');
const { join, relative, sep } = require('node:path');

const root = join(__dirname, '..');
const libs = readdirSync(join(root, 'libs')).filter((d) => statSync(join(root, 'libs', d)).isDirectory());
const problems = [];
const edges = new Map(libs.map((l) => [l, new Set()]));

function* files(dir) {
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) yield* files(path);
    else if (entry.name.endsWith('.ts')) yield path;
  }
}

for (const lib of libs) {
  for (const file of files(join(root, 'libs', lib, 'src'))) {
    const source = readFileSync(file, 'utf8');
    for (const match of source.matchAll(/(?:import|export)[^'"]*?from\s+['"]([^'"]+)['"]|import\(\s*['"]([^'"]+)['"]\s*\)/g)) {
      const target = match[1] ?? match[2];
      const where = relative(root, file);
      const alias = target.match(/^@commonpurse\/([\w-]+)(\/.*)?$/);
      if (alias) {
        if (alias[2]) problems.push(`${where}: imports ${target}; use the public index @commonpurse/${alias[1]}`);
        if (alias[1] === lib) problems.push(`${where}: imports its own lib through ${target}; use a relative path`);
        else if (libs.includes(alias[1])) edges.get(lib).add(alias[1]);
        continue;
      }
      if (target.startsWith('.')) {
        const resolved = relative(root, join(file, '..', target)).split(sep);
        if (resolved[0] === 'apps') problems.push(`${where}: a lib must not import from apps/ (${target})`);
        // Jest's global setup runs without the path aliases; it alone may import kernel files by path.
        const globalSetup = lib === 'testing' && /global-(setup|teardown)\.ts$/.test(file) && resolved[1] === 'kernel';
        if (resolved[0] === 'libs' && resolved[1] !== lib && !globalSetup) problems.push(`${where}: reaches into libs/${resolved[1]} by path; use @commonpurse/${resolved[1]}`);
      }
    }
  }
}

// Depth-first search for a cycle among libs.
const state = new Map();
function visit(lib, path) {
  if (state.get(lib) === 'done') return;
  if (state.get(lib) === 'active') {
    problems.push(`import cycle: ${[...path.slice(path.indexOf(lib)), lib].join(' → ')}`);
    return;
  }
  state.set(lib, 'active');
  for (const next of edges.get(lib)) visit(next, [...path, lib]);
  state.set(lib, 'done');
}
libs.forEach((lib) => visit(lib, []));

if (problems.length) {
  console.error(`Module rules broken:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
  process.exit(1);
}
console.error(`Module graph OK: ${libs.length} libs, ${[...edges.values()].reduce((n, s) => n + s.size, 0)} dependencies, no cycles`);
