import type { DeepDiveProbe, PhaseId } from '../catalog/catalog-schema.js';

// Questions any topic can use when its own probes for a phase are spent, each asked once and
// never once the candidate has answered it unasked (`coveredBy`, as for the topics' deep dives).
// The deep dive has the most: a fast candidate with time left gets harder ones, not the wrap-up.
export const GENERAL_QUESTIONS: Record<PhaseId, DeepDiveProbe[]> = {
  requirements: [
    { question: 'Who are the main users, and what is the single most important thing they need from it?', coveredBy: [['main user', 'primary user', 'most important', 'core use case', 'the core']] },
    { question: 'Which requirements would you explicitly leave out of scope for this interview?', coveredBy: [['out of scope', 'not in scope', 'leave out', 'non-goal', 'defer', 'skip']] },
  ],
  estimation: [
    { question: 'What does your estimate imply for the number of servers or the size of the cache?', coveredBy: [['server', 'machine', 'node', 'instance', 'cache'], ['gb', 'tb', 'memory', 'ram', 'fits', 'need about']] },
    { question: 'Which of these numbers worries you most when you design the system?', coveredBy: [['worry', 'worries', 'concern', 'bottleneck', 'dominates', 'drives the design', 'hardest']] },
  ],
  'api-data-model': [
    { question: 'How would a client page through or filter results in your API?', coveredBy: [['pagination', 'paginate', 'cursor', 'offset', 'page token', 'next page', 'filter']] },
    { question: 'Which fields need an index, and why?', coveredBy: [['index', 'indexed', 'indexes']] },
  ],
  'high-level-design': [
    { question: 'Walk me through one request end to end, naming every component it touches.', coveredBy: [['request', 'call', 'click', 'message'], ['load balancer', 'gateway', 'service', 'server'], ['cache', 'database', 'db', 'queue', 'store'], ['then', 'returns', 'forwards', 'hits', '->', '→']] },
    { question: 'Where would you put a queue in this design, if anywhere, and why?', coveredBy: [['queue', 'kafka', 'stream', 'broker', 'pub/sub', 'log'], ['because', 'so that', 'decouple', 'buffer', 'absorb']] },
    { question: 'Which component becomes the bottleneck first as traffic grows?', coveredBy: [['bottleneck', 'breaks first', 'first to break', 'hot spot', 'hotspot', 'saturate']] },
  ],
  'deep-dive': [
    { question: 'What is the hardest failure mode in your design, and how do you detect and recover from it?', coveredBy: [['fail', 'failure', 'goes down', 'crash', 'outage', 'dies'], ['detect', 'alert', 'health check', 'heartbeat', 'monitor']] },
    { question: 'Where does your design choose consistency over availability, or the other way around?', coveredBy: [['consistency', 'consistent'], ['availability', 'available']] },
    { question: 'How would you monitor this system, and which alerts would page someone?', coveredBy: [['monitor', 'metric', 'dashboard', 'alert', 'on-call', 'page someone']] },
    { question: 'Suppose traffic grows tenfold overnight. What breaks first in your design, and what do you change?', coveredBy: [['10x', 'tenfold', 'ten times', 'order of magnitude'], ['break', 'bottleneck', 'first', 'change']] },
    { question: 'Where could the same request be processed twice in your design, and how do you keep that harmless?', coveredBy: [['twice', 'duplicate', 'retry', 'retries', 'at-least-once', 'redelivery'], ['idempotent', 'idempotency', 'dedupe', 'deduplicate', 'deduplication', 'unique key', 'exactly once']] },
    { question: 'Which single key, user or shard could get far more traffic than the rest, and how do you handle that hot spot?', coveredBy: [['hot key', 'hot spot', 'hotspot', 'celebrity', 'skew', 'hot partition', 'hot shard'], ['split', 'replicate', 'cache', 'spread', 'salt', 'shard']] },
    { question: 'How would you run this in two regions, and what happens to a write made in one region while the other is cut off?', coveredBy: [['region', 'multi-region', 'geo', 'data center', 'datacenter'], ['partition', 'cut off', 'replicate', 'replication', 'conflict', 'failover']] },
    { question: 'How would you change the data model later without downtime?', coveredBy: [['migration', 'migrate', 'backfill', 'dual write', 'dual-write', 'schema change']] },
    { question: 'How would you roll out a new version of the busiest component without dropping requests?', coveredBy: [['rolling', 'roll out', 'rollout', 'deploy', 'canary', 'blue-green', 'drain']] },
    { question: 'What does this design cost to run, and which component dominates the bill?', coveredBy: [['cost', 'bill', 'spend', 'dollars', 'expensive'], ['dominat', 'most of', 'biggest', 'largest', 'per month', 'a month']] },
    { question: 'Before launch, what would a load test or a failure drill need to show you?', coveredBy: [['load test', 'failure drill', 'chaos', 'game day', 'fault injection'], ['show', 'prove', 'verify', 'confirm', 'check']] },
  ],
  'wrap-up': [
    { question: 'If you had another hour, what would you change or add first?', coveredBy: [['another hour', 'more time', 'next step', 'i would add', "i'd add", 'improve first']] },
    { question: 'Which trade-off in your design are you least sure about?', coveredBy: [['least sure', 'unsure', 'weakest', 'not confident', 'least confident']] },
  ],
};

export const PHASE_INTROS: Record<PhaseId, string> = {
  requirements: "Let's pin down the requirements.",
  estimation: "Let's do some quick back-of-the-envelope estimation.",
  'api-data-model': "Let's define the API and the data model.",
  'high-level-design': "Now let's sketch the high-level design.",
  'deep-dive': "Let's go deeper into the hard parts.",
  'wrap-up': "We're near the end, so let's wrap up.",
};
