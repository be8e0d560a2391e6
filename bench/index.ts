// `npm run bench`: each figure beside its target, measured side by side in one run. Needs
// DATABASE_URL and REDIS_URL for all but the embedded memory figure. BENCH_ONLY=memory,history
// runs a subset.
import { benchEmbeddedMemory } from './embedded-memory.js';
import { benchEvaluations } from './evaluations.js';
import { benchHistory } from './history.js';
import { benchMemory } from './memory.js';
import { benchStartup } from './startup.js';
import { benchTurns } from './turn-throughput.js';

const benches: Record<string, () => Promise<string[]>> = {
  // Resident memory of `npm run bot` and of the embedded default with 1,000 live interviews.
  memory: benchMemory,
  // PGlite alone with 1,000 live sessions, its old settings against the current ones (about 3.5 min).
  pglite: benchEmbeddedMemory,
  // History page 1,000 of 1,000,000 sessions through the chat router, against page 1.
  history: benchHistory,
  // Start-up to /healthz with 5,000 running interviews, against none.
  startup: benchStartup,
  // 200 evaluations at once with a 2 s scorer, on one worker.
  evaluations: benchEvaluations,
  // Turns end to end (Slack event -> Bolt -> queue -> worker -> Slack post) against a minimal
  // hand-written turn, and slash-command acks against a bare Bolt app.
  turns: benchTurns,
};

const only = process.env.BENCH_ONLY?.split(',');
for (const [name, bench] of Object.entries(benches)) {
  if (only && !only.includes(name)) continue;
  for (const line of await bench()) console.log(line);
}
