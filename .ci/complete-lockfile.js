#!/usr/bin/env node
// The registry reachable here lacks other platforms' native builds (e.g. @swc/core-darwin-arm64), so
// `npm install` leaves them out of package-lock.json and `npm ci` then refuses the lock. This adds the
// missing optional entries (version, os, cpu) from their parents' optionalDependencies. Run it after
// changing dependencies: `node .ci/complete-lockfile.js && npm install`.
const fs = require('node:fs');
const path = require('node:path');

const file = path.join(__dirname, '..', 'package-lock.json');
const lock = JSON.parse(fs.readFileSync(file, 'utf8'));
const platform = /(darwin|linux|win32|android|freebsd|openharmony)-(arm64|x64|ia32|arm|ppc64|s390x|loong64|riscv64)/;
let added = 0;
for (const meta of Object.values(lock.packages)) {
  for (const [name, spec] of Object.entries(meta.optionalDependencies ?? {})) {
    const key = `node_modules/${name}`;
    if (lock.packages[key]) continue;
    const entry = { version: spec.replace(/^[\^~]/, '') };
    const match = platform.exec(name);
    if (match) Object.assign(entry, { cpu: [match[2]], os: [match[1]] });
    if (meta.dev) entry.dev = true;
    if (meta.devOptional) entry.devOptional = true;
    else entry.optional = true;
    lock.packages[key] = entry;
    added++;
  }
}
lock.packages = Object.fromEntries(
  Object.entries(lock.packages).sort(([a], [b]) => (a === '' ? -1 : b === '' ? 1 : a < b ? -1 : 1)),
);
fs.writeFileSync(file, `${JSON.stringify(lock, null, 2)}\n`);
console.log(`package-lock.json: ${added} optional platform entries added`);
