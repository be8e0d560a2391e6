import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { InterviewPlatformError } from '../../src/domain/errors.js';
import { storageBackends, type TestDatabase } from '../support/storage-backends.js';
import { actorFor, buildHarness, config, ownerIn, uniqueWorkspace, type Harness } from '../support/session-harness.js';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

describe.each(storageBackends)('SessionManager lifecycle on $name', (backend) => {
  let db: TestDatabase;
  let h: Harness;

  beforeAll(async () => {
    db = await backend.open();
    h = await buildHarness(db.handle);
  });
  afterAll(async () => {
    await h.close();
    await db.cleanup();
  });

  describe('createSession', () => {
    it('creates a session with a UUID, the platform identity as user, and its config stored', async () => {
      const owner = ownerIn(uniqueWorkspace());
      const session = await h.manager.createSession(config({ durationMinutes: 30 }), owner, { channelId: 'C1', threadId: '111.222' });
      expect(session.id).toMatch(UUID);
      expect(session).toMatchObject({ status: 'created', ownerUserId: 'U1', workspaceId: owner.workspaceId, channelId: 'C1', threadId: '111.222', topic: 'URL shortener' });
      expect(session.config).toMatchObject({ durationMinutes: 30, enabledModes: ['text', 'whiteboard'], aiProvider: 'offline' });
      const again = await h.manager.getSession(session.id, owner);
      expect(again.config).toEqual(session.config);
    });

    it('takes the user id from resume data when the platform gives none, and generates one when neither does', async () => {
      const ws = uniqueWorkspace();
      const fromResume = await h.manager.createSession(
        config({ resumeData: { userId: 'resume-user', name: 'Ada', text: 'Staff engineer at Example' } }),
        { platform: 'console', workspaceId: ws },
      );
      expect(fromResume.ownerUserId).toBe('resume-user');
      expect(fromResume.ownerDisplayName).toBe('Ada');
      const generated = await h.manager.createSession(config(), { platform: 'console', workspaceId: ws });
      expect(generated.ownerUserId).toMatch(UUID);
      const user = await h.store.users.find({ platform: 'console', workspaceId: ws, userId: 'resume-user' });
      expect(user?.resume_text).toBe('Staff engineer at Example');
    });

    it('refuses an invalid config with INVALID_INPUT naming the field', async () => {
      const owner = ownerIn(uniqueWorkspace());
      const error = await h.manager.createSession(config({ durationMinutes: 2 }), owner).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(InterviewPlatformError);
      expect(error).toMatchObject({ code: 'INVALID_INPUT' });
      expect((error as Error).message).toContain('durationMinutes');
      await expect(h.manager.createSession(config({ enabledModes: ['audio'] }), owner)).rejects.toMatchObject({ code: 'INVALID_INPUT' });
      expect(await h.manager.getActiveSession(owner)).toBeNull();
    });

    it('allows one live session per user per workspace, enforced in the database', async () => {
      const owner = ownerIn(uniqueWorkspace());
      const first = await h.manager.createSession(config(), owner);
      const error = await h.manager.createSession(config({ topic: 'Chat system' }), owner).catch((e: unknown) => e);
      expect(error).toMatchObject({ code: 'CONFLICT', context: { existing_session_id: first.id } });
      expect((error as InterviewPlatformError).userMessage).toContain('/interview end');
      // Another user, or the same user id in another workspace, is independent.
      await h.manager.createSession(config(), { ...owner, userId: 'U2' });
      await h.manager.createSession(config(), ownerIn(uniqueWorkspace()));
      // The database refuses it even when the manager is bypassed.
      await expect(
        h.store.sessions.insert({
          id: crypto.randomUUID(), platform: owner.platform, workspace_id: owner.workspaceId, owner_user_id: 'U1',
          owner_display_name: null, channel_id: null, thread_id: null, status: 'active', topic: null, config: '{}',
          created_at: new Date(), updated_at: new Date(), turn_lease_token: null, overall_score: null,
        }),
      ).rejects.toMatchObject({ code: '23505' });
    });
  });

  describe('startSession', () => {
    it('initializes the interviewer, enables the modes, saves the opening question and goes active', async () => {
      const owner = ownerIn(uniqueWorkspace());
      const created = await h.manager.createSession(config({ resumeData: { name: 'Grace' } }), owner);
      const { session, openingMessage } = await h.manager.startSession(created.id, actorFor(owner));
      expect(h.interviewer.initialized).toContain(created.id);
      expect(h.communication.activeModes(created.id).sort()).toEqual(['text', 'whiteboard']);
      expect(session.status).toBe('active');
      expect(session.startedAt).toEqual(h.clock.now());
      expect(openingMessage).toMatchObject({ seq: 1, role: 'interviewer', mode: 'text', metadata: { phase: 'requirements' } });
      expect(openingMessage.content).toContain('Hi Grace');
      expect(await h.manager.getTranscript(created.id, owner)).toEqual([openingMessage]);
      const transitions = await h.manager.getTransitions(created.id, owner);
      expect(transitions).toEqual([expect.objectContaining({ fromStatus: 'created', toStatus: 'active', actorUserId: 'U1', actorKind: 'user' })]);
    });

    it.each(['initialize', 'opening'] as const)('leaves the session created when the interviewer fails at %s', async (stage) => {
      const owner = ownerIn(uniqueWorkspace());
      const created = await h.manager.createSession(config(), owner);
      h.interviewer.failOn = stage;
      try {
        await expect(h.manager.startSession(created.id, actorFor(owner))).rejects.toMatchObject({
          code: 'COMPONENT_FAILURE',
          context: { component: 'AiInterviewer' },
        });
      } finally {
        h.interviewer.failOn = null;
      }
      expect((await h.manager.getSession(created.id, owner)).status).toBe('created');
      expect(await h.manager.getTranscript(created.id, owner)).toEqual([]);
      expect(h.communication.activeModes(created.id)).toEqual([]);
      // Nothing half-done blocks a second try.
      const { session } = await h.manager.startSession(created.id, actorFor(owner));
      expect(session.status).toBe('active');
    });

    it('leaves the session created when the communication manager fails', async () => {
      const failing = {
        enableMode: () => {
          throw new Error('whiteboard service down');
        },
        disableAll: () => undefined,
        activeModes: () => [],
      };
      const local = await buildHarness(db.handle, { communication: failing });
      const owner = ownerIn(uniqueWorkspace());
      const created = await local.manager.createSession(config(), owner);
      await expect(local.manager.startSession(created.id, actorFor(owner))).rejects.toMatchObject({
        code: 'COMPONENT_FAILURE',
        context: { component: 'CommunicationManager' },
      });
      expect((await local.manager.getSession(created.id, owner)).status).toBe('created');
      await local.close();
    });

    it('refuses a second start, and a start by someone else', async () => {
      const owner = ownerIn(uniqueWorkspace());
      const created = await h.manager.createSession(config(), owner);
      await expect(h.manager.startSession(created.id, { ...actorFor(owner), userId: 'intruder' })).rejects.toMatchObject({ code: 'FORBIDDEN' });
      await h.manager.startSession(created.id, actorFor(owner));
      await expect(h.manager.startSession(created.id, actorFor(owner))).rejects.toMatchObject({ code: 'INVALID_TRANSITION' });
      expect(await h.manager.getTranscript(created.id, owner)).toHaveLength(1);
    });

    it('starts once when two starts race', async () => {
      const owner = ownerIn(uniqueWorkspace());
      const created = await h.manager.createSession(config(), owner);
      const results = await Promise.allSettled([h.manager.startSession(created.id, actorFor(owner)), h.manager.startSession(created.id, actorFor(owner))]);
      expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
      expect(results.find((r) => r.status === 'rejected')).toMatchObject({ reason: { code: 'INVALID_TRANSITION' } });
      expect(await h.manager.getTranscript(created.id, owner)).toHaveLength(1);
      expect(h.communication.activeModes(created.id)).not.toEqual([]);
    });
  });

  describe('pause and resume', () => {
    it('excludes paused time from the active duration and records each transition', async () => {
      const owner = ownerIn(uniqueWorkspace());
      const { session } = await h.manager.startSession((await h.manager.createSession(config(), owner)).id, actorFor(owner));
      h.clock.advance(60_000);
      const paused = await h.manager.pauseSession(session.id, actorFor(owner));
      expect(paused).toMatchObject({ status: 'paused', activeDurationMs: 60_000 });
      h.clock.advance(10 * 60_000);
      expect((await h.manager.getSession(session.id, owner)).activeDurationMs).toBe(60_000);
      const resumed = await h.manager.resumeSession(session.id, actorFor(owner));
      expect(resumed.status).toBe('active');
      h.clock.advance(30_000);
      expect((await h.manager.getSession(session.id, owner)).activeDurationMs).toBe(90_000);
      const ended = await h.manager.endSession(session.id, actorFor(owner));
      expect(ended.activeDurationMs).toBe(90_000);
      const transitions = await h.manager.getTransitions(session.id, owner);
      expect(transitions.map((t) => `${t.fromStatus}>${t.toStatus}`)).toEqual(['created>active', 'active>paused', 'paused>active', 'active>completed']);
    });

    it('refuses pause when paused, resume when active, and both after the end', async () => {
      const owner = ownerIn(uniqueWorkspace());
      const { session } = await h.manager.startSession((await h.manager.createSession(config(), owner)).id, actorFor(owner));
      await expect(h.manager.resumeSession(session.id, actorFor(owner))).rejects.toMatchObject({ code: 'INVALID_TRANSITION', userMessage: 'This interview is not paused.' });
      await h.manager.pauseSession(session.id, actorFor(owner));
      await expect(h.manager.pauseSession(session.id, actorFor(owner))).rejects.toMatchObject({ code: 'INVALID_TRANSITION' });
      await h.manager.endSession(session.id, actorFor(owner));
      await expect(h.manager.pauseSession(session.id, actorFor(owner))).rejects.toMatchObject({ code: 'INVALID_TRANSITION' });
      await expect(h.manager.resumeSession(session.id, actorFor(owner))).rejects.toMatchObject({ code: 'INVALID_TRANSITION' });
    });

    it('lets only the candidate, an admin or the system steer the session', async () => {
      const owner = ownerIn(uniqueWorkspace());
      const { session } = await h.manager.startSession((await h.manager.createSession(config(), owner)).id, actorFor(owner));
      const stranger = { ...actorFor(owner), userId: 'U-other' };
      await expect(h.manager.pauseSession(session.id, stranger)).rejects.toMatchObject({ code: 'FORBIDDEN' });
      await expect(h.manager.endSession(session.id, stranger)).rejects.toMatchObject({ code: 'FORBIDDEN' });
      expect((await h.manager.getSession(session.id, owner)).status).toBe('active');
      await h.manager.pauseSession(session.id, { ...stranger, kind: 'admin' });
      await h.manager.resumeSession(session.id, { ...stranger, userId: 'bot', kind: 'system' });
      const transitions = await h.manager.getTransitions(session.id, owner);
      expect(transitions.slice(1).map((t) => [t.actorUserId, t.actorKind])).toEqual([['U-other', 'admin'], ['bot', 'system']]);
    });
  });

  describe('endSession', () => {
    it('completes the session, frees the live slot, disables modes and delivers an evaluation', async () => {
      const owner = ownerIn(uniqueWorkspace());
      const { session } = await h.manager.startSession((await h.manager.createSession(config(), owner)).id, actorFor(owner));
      await h.turn(session.id, { author: actorFor(owner), content: 'Shorten URLs, 100M per day, redirects fast' });
      await h.turn(session.id, { author: actorFor(owner), content: 'Base62 ids from a counter' });
      h.clock.advance(20 * 60_000);
      const ended = await h.manager.endSession(session.id, actorFor(owner));
      expect(ended).toMatchObject({ status: 'completed', endedAt: h.clock.now(), activeDurationMs: 20 * 60_000 });
      expect(await h.manager.getActiveSession(owner)).toBeNull();
      expect(h.communication.activeModes(session.id)).toEqual([]);
      const report = await h.manager.awaitEvaluation(session.id, owner, 5_000);
      expect(report).toMatchObject({ sessionId: session.id, status: 'completed', overallScore: 20, strengths: ['Answered every question'] });
      expect((await h.manager.getSession(session.id, owner)).overallScore).toBe(20);
      // The outbox row was committed with the end and handed to the queue.
      const outbox = await h.store.outbox.findByKey(`evaluation-${session.id}`);
      expect(outbox?.dispatched_at).toBeInstanceOf(Date);
      // The user can start again.
      await h.manager.createSession(config(), owner);
    });

    it('refuses to end a completed session and refuses input after the end', async () => {
      const owner = ownerIn(uniqueWorkspace());
      const { session } = await h.manager.startSession((await h.manager.createSession(config(), owner)).id, actorFor(owner));
      await h.manager.endSession(session.id, actorFor(owner));
      await expect(h.manager.endSession(session.id, actorFor(owner))).rejects.toMatchObject({ code: 'INVALID_TRANSITION', userMessage: 'This interview has already ended.' });
      const refusal = await h.turn(session.id, { author: actorFor(owner), content: 'one more thing' }).catch((e: unknown) => e);
      expect(refusal).toMatchObject({ code: 'SESSION_NOT_ACTIVE' });
      expect((refusal as InterviewPlatformError).userMessage).toContain('has ended');
      expect(await h.manager.getTranscript(session.id, owner)).toHaveLength(1);
    });

    it('cancels a session that never started (a start that failed): ended, with nothing to evaluate', async () => {
      const owner = ownerIn(uniqueWorkspace());
      const created = await h.manager.createSession(config(), owner);
      const ended = await h.manager.endSession(created.id, actorFor(owner));
      expect(ended).toMatchObject({ status: 'completed', activeDurationMs: 0, startedAt: null });
      await expect(h.manager.awaitEvaluation(created.id, owner, 1_000)).rejects.toMatchObject({ code: 'INVALID_TRANSITION', userMessage: expect.stringContaining('cancelled before it started') });
    });

    it('awaitEvaluation refuses a live session and times out when the report is not ready', async () => {
      const owner = ownerIn(uniqueWorkspace());
      const { session } = await h.manager.startSession((await h.manager.createSession(config(), owner)).id, actorFor(owner));
      await expect(h.manager.awaitEvaluation(session.id, owner, 100)).rejects.toMatchObject({ code: 'INVALID_TRANSITION' });
      h.scorer.delayMs = 1_000;
      try {
        await h.manager.endSession(session.id, actorFor(owner));
        await expect(h.manager.awaitEvaluation(session.id, owner, 50)).rejects.toMatchObject({ code: 'TIMEOUT' });
        await expect(h.manager.awaitEvaluation(session.id, owner, 5_000)).resolves.toMatchObject({ status: 'insufficient_data' });
      } finally {
        h.scorer.delayMs = 0;
      }
    });

    it('retries a failing scorer and marks the evaluation failed after the last attempt', async () => {
      const owner = ownerIn(uniqueWorkspace());
      const { session } = await h.manager.startSession((await h.manager.createSession(config(), owner)).id, actorFor(owner));
      h.scorer.failuresLeft = 2;
      await h.manager.endSession(session.id, actorFor(owner));
      await expect(h.manager.awaitEvaluation(session.id, owner, 5_000)).resolves.toMatchObject({ status: 'insufficient_data' });

      const owner2 = ownerIn(uniqueWorkspace());
      const second = await h.manager.startSession((await h.manager.createSession(config(), owner2)).id, actorFor(owner2));
      h.scorer.failuresLeft = 3;
      await h.manager.endSession(second.session.id, actorFor(owner2));
      const failed = await h.manager.awaitEvaluation(second.session.id, owner2, 5_000);
      expect(failed).toMatchObject({ status: 'failed', overallScore: null });
      expect(failed.error).toContain('scorer failed');
    });
  });
});
