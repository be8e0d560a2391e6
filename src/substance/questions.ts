import { LRUCache } from 'lru-cache';
import { quantitiesIn } from './numbers.js';
import { ratesIn } from './rates.js';
import type { Reasoning } from './reasoning.js';
import { contentWords } from './sentences.js';

/** What an interviewer's question asks for, so an answer can be checked against it. */
export type QuestionKind = 'estimate' | 'choice' | 'failure' | 'api' | 'scope' | 'open';

// The interviewer asks from a fixed set of questions: each is classified once.
const kinds = new LRUCache<string, QuestionKind>({ max: 512 });

export function questionKind(question: string): QuestionKind {
  let kind = kinds.get(question);
  if (!kind) kinds.set(question, (kind = classify(question)));
  return kind;
}

function classify(question: string): QuestionKind {
  const q = question.toLowerCase();
  if (/\b(how many|how much|estimate|per second|qps|storage|bandwidth|back-of-the-envelope|numbers?|capacity|how big|throughput)\b/.test(q)) return 'estimate';
  if (/\b(fails?|goes down|go down|crash\w*|outage|dies|lost|unavailable|failure|recover)\b/.test(q)) return 'failure';
  if (/\b(api|endpoints?|schema|data model|fields?|tables?|keyed|store for each)\b/.test(q)) return 'api';
  if (/\b(which|what) (database|store|component|protocol|approach|algorithm|strategy|data structure)\b|\bwould you (pick|choose|use)\b|\b(301 or|or a 302|\w+ or \w+\?)/.test(q)) return 'choice';
  if (/\b(requirements?|clarify|scope|features?|what should|users? (?:do|need)|needs? to do|should it do|(?:it|we) (?:need to )?support)\b/.test(q)) return 'scope';
  return 'open';
}

const SCOPE = /\b(in scope|out of scope|users? (?:can|should|need|must|want)|should (?:support|be able|let)|must|need(?:s)? to|requirements?|assume|i'?d (?:leave|skip|defer)|non-functional|latency|availability|consisten\w+|durab\w+)\b/i;
const API = /\b(get|post|put|delete|patch)\s+\/|\b[a-z]+_[a-z_]+\b|\b(primary|partition|sort|shard) key\b|\bindex(?:ed)? on\b|\bkeyed by\b|\b[1-5]\d\d\b|\bcolumns?\b|\bfields?\b/i;

// Words of an estimate question that say it is an estimate, not what it is about.
const ESTIMATE_WORDS = new Set(['estimate', 'estimation', 'number', 'numbers', 'rough', 'roughly', 'plan', 'need', 'expect', 'envelope', 'back-of-the-envelope', 'back', 'figure', 'ballpark', 'size', 'some', 'put', 'give', 'many', 'much', 'long', 'big', 'high', 'peak', 'average']);
const SIZE = /\b(storage|store|stored|disk|space|bytes?|size|bandwidth|memory|ram|data volume|how big|egress|ingress)\b/i;
const RATE = /\b(per (?:second|minute|hour|day)|a second|qps|rps|traffic|throughput|load|requests?|writes?|reads?|rate)\b/i;

/**
 * Whether an estimate's numbers are about the quantity asked: a size question gets a figure in
 * bytes, a rate question a rate, anything else shares its subject's words ("how many servers":
 * servers). A question that names no subject ("put numbers on it") takes any numbers.
 */
function estimatesSubject(question: string, answer: string): boolean {
  if (SIZE.test(question) && quantitiesIn(answer).some((q) => q.unit === 'bytes')) return true;
  if (RATE.test(question) && ratesIn(answer).length > 0) return true;
  const subject = [...contentWords(question)].filter((w) => !ESTIMATE_WORDS.has(w) && !/^\d/.test(w));
  if (subject.length === 0) return true;
  const said = contentWords(answer);
  return subject.some((w) => said.has(w));
}

/**
 * Whether an answer does what its question asked: an estimate has numbers about the quantity asked, a choice names one
 * with a reason, a failure question gets handling, an API question gets endpoints or keys, and
 * any answer shares something with the question.
 */
export function addresses(question: string, answer: string, reasoning: Reasoning): number {
  const kind = questionKind(question);
  const overlap = [...contentWords(question)].some((w) => contentWords(answer).has(w));
  const done =
    kind === 'estimate' ? quantitiesIn(answer).length >= 2 && estimatesSubject(question, answer)
    : kind === 'choice' ? reasoning.decisions.length > 0
    : kind === 'failure' ? reasoning.failureHandling.length > 0
    : kind === 'api' ? API.test(answer)
    : kind === 'scope' ? SCOPE.test(answer)
    : reasoning.decisions.length + reasoning.failureHandling.length + reasoning.tiedTradeoffs.length > 0 || (overlap && answer.split(/\s+/).length >= 25);
  if (done) return 1;
  return overlap && answer.split(/\s+/).length >= 12 ? 0.4 : 0;
}
