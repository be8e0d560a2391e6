// `node --import ./test/support/record-imports.js app.js`: prints, at exit, one line per package
// the process loaded (`loaded-packages: a,b,c` on stderr), so a test can see what stayed unloaded.
import { register } from 'node:module';
import process from 'node:process';
import { MessageChannel } from 'node:worker_threads';

const packages = new Set();
const { port1, port2 } = new MessageChannel();
port1.on('message', (url) => {
  const match = /node_modules\/((?:@[^/]+\/)?[^/]+)\//.exec(url);
  if (match) packages.add(match[1]);
});
port1.unref();
register('./record-imports-hooks.js', { parentURL: import.meta.url, data: { port: port2 }, transferList: [port2] });
process.on('exit', () => process.stderr.write(`loaded-packages: ${[...packages].sort().join(',')}\n`));
