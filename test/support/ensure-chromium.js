#!/usr/bin/env node
// Runs before `npm test`: the browser tests drive Debian's chromium (never a downloaded browser). On a fresh machine
// of this kind it is installed here with apt-get, with Japanese fonts so screenshots are readable.
const { existsSync } = require('node:fs');
const { execSync } = require('node:child_process');

const chromium = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
if (existsSync(chromium)) process.exit(0);
if (typeof process.getuid === 'function' && process.getuid() !== 0) {
  console.error(
    `The browser tests need Debian's chromium at ${chromium}: run  sudo apt-get install -y chromium fonts-noto-cjk  (or set CHROMIUM_PATH).`,
  );
  process.exit(1);
}
console.log('Installing Debian chromium for the browser tests (apt-get)…');
execSync('apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium fonts-noto-cjk', {
  stdio: 'inherit',
  shell: '/bin/bash',
});
