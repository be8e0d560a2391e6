import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase, type DatabaseHandle } from '../../src/storage/database.js';
import { migrateToLatest } from '../../src/storage/migrate.js';
import { actorFor, buildHarness, config, ownerIn, uniqueWorkspace, type Harness } from '../support/session-harness.js';

describe('SessionManager logging', () => {
  let handle: DatabaseHandle;
  let h: Harness;

  beforeAll(async () => {
    handle = await openDatabase({ dataDir: 'memory://' });
    await migrateToLatest(handle.db);
    h = await buildHarness(handle);
  });
  afterAll(async () => {
    await h.close();
    await handle.close();
  });

  const entries = (operation: string) => h.logs.lines().filter((l) => l.operation === operation && l.component === 'SessionManager');

  it('logs creation, start with modes, pause, resume and end with duration, never the resume text', async () => {
    const owner = ownerIn(uniqueWorkspace());
    const created = await h.manager.createSession(config({ resumeData: { name: 'Ada', text: 'RESUME-BODY led payments team' } }), owner);
    await h.manager.startSession(created.id, actorFor(owner));
    await h.manager.pauseSession(created.id, actorFor(owner));
    await h.manager.resumeSession(created.id, actorFor(owner));
    h.clock.advance(90_000);
    await h.manager.endSession(created.id, actorFor(owner));
    await h.manager.awaitEvaluation(created.id, owner, 5_000);

    expect(entries('create_session')[0]).toMatchObject({ level: 'INFO', session_id: created.id, metadata: { ai_provider: 'offline', duration_minutes: 45, has_resume: true } });
    expect(entries('start_session')[0]).toMatchObject({
      level: 'INFO',
      session_id: created.id,
      message: `Session ${created.id} started successfully`,
      metadata: { enabled_modes: ['text', 'whiteboard'] },
    });
    expect(entries('pause_session')).toHaveLength(1);
    expect(entries('resume_session')).toHaveLength(1);
    expect(entries('end_session')[0]).toMatchObject({ metadata: { duration_ms: 90_000 } });
    const evaluated = h.logs.lines().find((l) => l.operation === 'generate_evaluation');
    expect(evaluated).toMatchObject({ metadata: { status: 'insufficient_data', duration_ms: 90_000 } });
    expect(h.logs.raw()).not.toContain('RESUME-BODY');
  });

  it('logs every error with its code, context and stack', async () => {
    const owner = ownerIn(uniqueWorkspace());
    const created = await h.manager.createSession(config(), owner);
    h.interviewer.failOn = 'opening';
    await h.manager.startSession(created.id, actorFor(owner)).catch(() => undefined);
    h.interviewer.failOn = null;
    await h.manager.pauseSession(created.id, actorFor(owner)).catch(() => undefined);

    const [failure] = entries('start_session').filter((l) => l.level === 'ERROR');
    expect(failure).toMatchObject({ session_id: created.id, metadata: { code: 'COMPONENT_FAILURE', component: 'AiInterviewer' } });
    expect((failure!.error as { stack: string }).stack).toContain('AiInterviewer failed');
    const [refusal] = entries('pause_session').filter((l) => l.session_id === created.id);
    expect(refusal).toMatchObject({ level: 'WARN', metadata: { code: 'INVALID_TRANSITION', status: 'created' } });
    expect((refusal!.error as { stack: string }).stack).toContain('lifecycle');
  });
});
