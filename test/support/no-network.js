// A node `--import` hook for spawned bots: every host name except localhost fails to resolve
// (ENOTFOUND), as on a machine without internet, whatever the machine running the test has.
import dns from 'node:dns';
import process from 'node:process';

const original = dns.lookup;
dns.lookup = function lookup(hostname, options, callback) {
  const done = typeof options === 'function' ? options : callback;
  if (hostname === 'localhost' || /^[\d.]+$|:/.test(hostname)) return original.call(dns, hostname, options, callback);
  const error = Object.assign(new Error(`getaddrinfo ENOTFOUND ${hostname}`), { code: 'ENOTFOUND', errno: -3008, syscall: 'getaddrinfo', hostname });
  process.nextTick(() => done(error));
  return {};
};
