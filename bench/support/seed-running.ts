import { randomUUID } from 'node:crypto';
import pg from 'pg';
import type { BenchUser } from './slack-load.js';

const CONFIG = JSON.stringify({ enabledModes: ['text'], aiProvider: 'offline', aiModel: 'offline', durationMinutes: 45, topic: 'url-shortener' });

/**
 * Running interviews written straight into a migrated database (a start-up or evaluation
 * benchmark needs them there before the process under test starts): one per user, in the
 * user's channel, each with `transcript` as its messages so far.
 */
export async function seedRunningSessions(url: string, team: string, users: BenchUser[], transcript: { role: string; content: string }[] = []): Promise<void> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    for (let i = 0; i < users.length; i += 500) {
      const batch = users.slice(i, i + 500).map((u, j) => ({ id: randomUUID(), user: u, threadTs: `1700000000.${String(i + j).padStart(6, '0')}` }));
      await client.query(
        `insert into sessions (id, platform, workspace_id, owner_user_id, channel_id, thread_id, status, topic, config, created_at, updated_at, started_at, active_since, last_seq, answered)
         select id, 'slack', $1, owner, channel, thread, 'active', 'url-shortener', $2::jsonb, now(), now(), now(), now(), $3, $4
         from unnest($5::uuid[], $6::text[], $7::text[], $8::text[]) as t(id, owner, channel, thread)`,
        [team, CONFIG, transcript.length, transcript.some((m) => m.role === 'candidate'), batch.map((b) => b.id), batch.map((b) => b.user.userId), batch.map((b) => b.user.channelId), batch.map((b) => b.threadTs)],
      );
      if (transcript.length === 0) continue;
      await client.query(
        `insert into messages (session_id, seq, role, mode, content, author_user_id, metadata, created_at)
         select s.id, m.seq, m.role, 'text', m.content, case when m.role = 'candidate' then s.owner else null end, '{}'::jsonb, now()
         from unnest($1::uuid[], $2::text[]) as s(id, owner), unnest($3::int[], $4::text[], $5::text[]) as m(seq, role, content)`,
        [batch.map((b) => b.id), batch.map((b) => b.user.userId), transcript.map((_, k) => k + 1), transcript.map((m) => m.role), transcript.map((m) => m.content)],
      );
    }
  } finally {
    await client.end();
  }
}
