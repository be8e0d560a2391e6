import { describe, expect, it } from 'vitest';
import { KeyedMutex } from '../../src/session/keyed-mutex.js';

describe('KeyedMutex', () => {
  it('runs one callback at a time per key, in order, and keys in parallel', async () => {
    const mutex = new KeyedMutex();
    const log: string[] = [];
    const task = (key: string, n: number, ms: number) =>
      mutex.run(key, async () => {
        log.push(`${key}${n}+`);
        await new Promise((r) => setTimeout(r, ms));
        log.push(`${key}${n}-`);
        return n;
      });
    const results = await Promise.all([task('a', 1, 20), task('a', 2, 1), task('b', 1, 5)]);
    expect(results).toEqual([1, 2, 1]);
    expect(log.indexOf('a1-')).toBeLessThan(log.indexOf('a2+'));
    expect(log.indexOf('b1+')).toBeLessThan(log.indexOf('a1-'));
  });

  it('keeps going after a failing callback', async () => {
    const mutex = new KeyedMutex();
    await expect(mutex.run('k', async () => Promise.reject(new Error('x')))).rejects.toThrow('x');
    await expect(mutex.run('k', async () => 'ok')).resolves.toBe('ok');
  });
});
