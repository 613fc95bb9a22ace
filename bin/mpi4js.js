#!/usr/bin/env node
'use strict';
// `npx mpi4js <info|run> ...`: the command lives in the compiled TypeScript (src/cli).
require('../dist/cjs/cli/index.js').cli(process.argv.slice(2));
