import { LogLevel, type Logger as BoltLogger } from '@slack/bolt';
import type { Logger } from '../../src/logging/logger.js';
import { withoutProfileForm } from './render/profile-modal.js';

/** Bolt's and the Web API client's log lines, into our JSON logs (tokens never reach them). */
export function boltLogger(logger: Logger): BoltLogger {
  const log = logger.child({ component: 'SlackBolt' });
  let level: LogLevel = LogLevel.WARN;
  const joined = (parts: unknown[]) => parts.map((p) => (typeof p === 'string' ? p : p instanceof Error ? p.message : JSON.stringify(p))).join(' ');
  // The client's debug lines dump request and response bodies: the profile modal's hold the resume.
  const text = (parts: unknown[]) => withoutProfileForm(joined(parts));
  return {
    debug: (...parts: unknown[]) => log.debug(text(parts)),
    info: (...parts: unknown[]) => log.info(text(parts)),
    warn: (...parts: unknown[]) => log.warn(text(parts)),
    error: (...parts: unknown[]) => log.error(text(parts)),
    setLevel: (next: LogLevel) => {
      level = next;
    },
    getLevel: () => level,
    setName: () => undefined,
  };
}
