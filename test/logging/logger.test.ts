import { describe, expect, it } from 'vitest';
import { memoryLogger } from '../support/memory-log.js';

describe('createLogger', () => {
  it("writes the spec's JSON shape", () => {
    const { logger, lines } = memoryLogger('info');
    logger.child({ component: 'SessionManager' }).info(
      { operation: 'start_session', session_id: 'abc-123', metadata: { enabled_modes: ['text', 'whiteboard'] } },
      'Session abc-123 started successfully',
    );
    const [entry] = lines();
    expect(entry).toEqual({
      timestamp: expect.stringMatching(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/),
      level: 'INFO',
      component: 'SessionManager',
      operation: 'start_session',
      message: 'Session abc-123 started successfully',
      session_id: 'abc-123',
      metadata: { enabled_modes: ['text', 'whiteboard'] },
    });
  });

  it('redacts secrets and resume text wherever they are nested', () => {
    const { logger, raw } = memoryLogger('info');
    logger.info(
      {
        metadata: { resumeData: { text: 'SECRET-RESUME' }, config: { resumeData: { text: 'SECRET-RESUME-2' } } },
        slack: { botToken: 'xoxb-SECRET' },
        openai: { apiKey: 'sk-SECRET' },
        headers: { authorization: 'Bearer SECRET' },
      },
      'configured',
    );
    expect(raw()).not.toMatch(/SECRET/);
    expect(raw()).toContain('[redacted]');
  });

  it('logs an error with its stack', () => {
    const { logger, lines } = memoryLogger('info');
    logger.error({ operation: 'end_session', error: new Error('boom') }, 'failed');
    const error = lines()[0]!.error as { message: string; stack: string };
    expect(error.message).toBe('boom');
    expect(error.stack).toContain('logger.test.ts');
  });
});
