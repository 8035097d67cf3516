// Makes sure Debian's chromium is there for the Playwright tests (Playwright cannot download browsers here).
// As root it installs the `chromium` package with apt-get; otherwise it stops with how to install it.
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';

const path = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
if (existsSync(path)) process.exit(0);

const isRoot = typeof process.getuid === 'function' && process.getuid() === 0;
if (!isRoot) {
  console.error(
    `The end-to-end tests need Chromium at ${path}, which is missing.\n` +
      'Install it with:  sudo apt-get update && sudo apt-get install -y chromium\n' +
      '(or point CHROMIUM_PATH at another Chromium/Chrome binary).',
  );
  process.exit(1);
}
console.log(
  `Chromium is missing at ${path}: installing Debian's chromium package (apt-get install -y chromium)…`,
);
const apt = (args) =>
  execFileSync('apt-get', args, {
    stdio: 'inherit',
    env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' },
  });
try {
  apt(['install', '-y', 'chromium']);
} catch {
  // A fresh machine may have no package lists yet.
  apt(['update']);
  apt(['install', '-y', 'chromium']);
}
if (!existsSync(path)) {
  console.error(
    `apt-get finished but ${path} still does not exist; set CHROMIUM_PATH to the installed binary.`,
  );
  process.exit(1);
}
