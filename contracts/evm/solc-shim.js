#!/usr/bin/env node
// forge drives a native `solc` binary; none can be downloaded here, so this shim answers forge's
// `--version` probe like native solc and forwards `--standard-json` to the pinned solc-js package.
'use strict';
const fs = require('fs');
const path = require('path');
const solc = require(require.resolve('solc', { paths: [path.resolve(__dirname, '../..')] }));

const args = process.argv.slice(2);
if (args.includes('--version')) {
  const v = solc.version().replace('.Emscripten.clang', '');
  process.stdout.write(`solc, the solidity compiler commandline interface\nVersion: ${v}.Linux.g++\n`);
  process.exit(0);
}
if (!args.includes('--standard-json')) {
  process.stderr.write('solc-shim: only --version and --standard-json are supported\n');
  process.exit(2);
}
const input = fs.readFileSync(0, 'utf8');
const readFile = (p) => {
  for (const base of [process.cwd(), __dirname, path.resolve(__dirname, '../..')]) {
    const full = path.resolve(base, p);
    if (fs.existsSync(full)) return { contents: fs.readFileSync(full, 'utf8') };
  }
  return { error: `file not found: ${p}` };
};
process.stdout.write(solc.compile(input, { import: readFile }));
