import { perText } from './per-text.js';
import { sentencesOf } from './sentences.js';
// Reasoning a candidate shows in a sentence: a decision with its reason, a trade-off tied to a
// choice, a failure handled for a named component. Naming a technology is none of these.

const CHOICE = /\b(?:i'?d|i would|we'?d|we would|i'?ll|we'?ll|i will|we will|let'?s|i|we|i'?m going to|we'?re going to|my choice is to)\s+(?:\w+\s+){0,2}?(?:use|store|put|keep|shard|partition|cache|pick|choose|chose|go with|went with|return|generate|add|run|send|write|replicate|split|hash|encode|queue|batch|precompute|push|pull|fan out|model|index|key|assign|allocate|limit|cap|reject|retry|expire|evict|serve|route|compress|chunk|prefer|make|lean|trade|accept|give|set|take|read)\b|\bmy (?:choice|pick|preference) (?:is|would be)\b/i;
// Hedged sentences and anecdotes commit to nothing and earn nothing: "maybe", "I guess", "it
// depends", "I remember when...". So does a run-on sentence of more than 45 words.
export const HEDGE = /\b(maybe|i guess|i think|kind of|sort of|or something|it depends|depends on|who knows|not sure|i (?:always )?forget|hard to say|i suppose|or whatever|something like that|i don'?t (?:know|remember)|i'?m not sure|honestly|i remember|i'?ve seen|in my opinion|supposedly|favou?rite|really interesting|a bit)\b|^(?:\S+\s+){45,}\S+/i;
const CONTRAST_REASON = /\b(rather than|instead of|over)\b.{3,80}\b(because|since|so that|so we|which)\b/i;
const REASON = /\b(because|since|so that|so i'?d|so we'?d|so we|so the|so it|so a|so each|that way|the reason|which means|which keeps|which avoids|given that|as long as|this (?:lets|gives|keeps|avoids|means|way)|to (?:avoid|keep|make sure|get|reduce|allow|spread|bound|cap|protect)|rather than|instead of|otherwise|would (?:add|cost|mean|need|require|double|break))\b/i;
// Comparing or preferring: "token bucket wins because", "simpler than", "I'd avoid locks: ...".
const COMPARE = /\b(wins|better|worse|cheaper|simpler|faster|safer|prefer\w*|avoid|rather|instead|over|the right (?:fit|choice)|fits)\b/i;
const COST = /\b(trade-?offs?|at the cost of|the cost is|costs? us|costs?|downside|drawback|we lose|you lose|lose|loses|we give up|gives? up|the price|in exchange|in return|penalty|the catch|worse (?:for|at)|risk is|we accept|acceptable|is fine because|is ok because|we pay|over-\w+|bounded by)\b|,? but (?:a|an|the|it|that|this|we|then|you|clients?|users?|only|at|not)\b/i;
const FAILURE = /\b(fails?|failed|failure|goes down|go down|is down|dies|died|crash\w*|outage|unavailable|unreachable|lost|loses|losing|partition(?:ed)?|times? out|timeout|overload\w*|falls behind|dead|corrupt\w*|split brain|retries|duplicate|slow)\b/i;
const RESPONSE = /\b(fall ?back|fail ?over|retry|retries|replay|promote|takes? over|re-?route|degrade|serve (?:it )?stale|stale|rebuild|re-?sync|reconcile|redeliver|idempotent|idempotency|dedupe|de-?duplicate|circuit breaker|switch(?:es)? to|still (?:serve|work|accept|answer)|keeps? (?:serving|working)|catch(?:es)? up|restore|from the replica|replica|warm|re-?drive|resume|checkpoint|write-ahead|wal|ack|fail[ -]open|fail[ -]closed|local|bounded|only affects|affects only|reassign\w*|rebalanc\w*|hinted handoff|re-?elect\w*|election)\b/i;
const COMPONENT = /\b(cache|database|db|primary|leader|replica|node|server|queue|worker|broker|region|service|shard|load balancer|disk|consumer|producer|partition|zone|datacenter|data center|cluster|gateway|coordinator|instance|machine|host|counter|index|store|fleet|fetcher|scheduler|frontier|provider|processor|ledger|cdn|origin|client)s?\b/i;

export interface Reasoning {
  /** Sentences that choose something and say why. */
  decisions: string[];
  /** Sentences that choose something without a reason. */
  bareChoices: string[];
  /** Costs weighed against a choice the candidate made. */
  tiedTradeoffs: string[];
  /** "There are trade-offs" without a choice to tie them to. */
  looseTradeoffs: string[];
  /** A named component's failure and what the system does about it. */
  failureHandling: string[];
}

/** `reasoningIn` of a whole answer, read once however many places ask (the follow-up, the flags). */
export const reasoningOfText = perText((text: string) => reasoningIn(sentencesOf(text)));

export function reasoningIn(sentences: readonly string[]): Reasoning {
  const out: Reasoning = { decisions: [], bareChoices: [], tiedTradeoffs: [], looseTradeoffs: [], failureHandling: [] };
  const firm = sentences.map((s) => !HEDGE.test(s));
  sentences.forEach((sentence, i) => {
    if (!firm[i]) return;
    const choice = CHOICE.test(sentence) || CONTRAST_REASON.test(sentence);
    const reason = REASON.test(sentence) || (i + 1 < sentences.length && /^(because|that'?s because|the reason|this is because|since)\b/i.test(sentences[i + 1]!));
    if ((choice || COMPARE.test(sentence)) && reason) out.decisions.push(sentence);
    else if (choice && !/\?$/.test(sentence)) out.bareChoices.push(sentence);
  });
  // A cost counts as weighed when the answer it sits in chooses something.
  const chooses = out.decisions.length + out.bareChoices.length > 0;
  sentences.forEach((sentence, i) => {
    if (!firm[i]) return;
    if (COST.test(sentence)) (chooses ? out.tiedTradeoffs : out.looseTradeoffs).push(sentence);
    // A failure, the component it hits (here or just before) and what happens (here or just after).
    const around = (from: number, to: number) => sentences.slice(Math.max(0, from), to + 1).join(' ');
    if (FAILURE.test(sentence) && COMPONENT.test(around(i - 1, i)) && RESPONSE.test(around(i, i + 1))) out.failureHandling.push(sentence);
  });
  return out;
}

const PHRASE = /\b(?:i'?d|i would|we'?d|we would|i'?ll|we'?ll|i will|we will|i|we)\s+(?:(?:also|probably|just|then|still|rather|first|instead)\s+)?((?:use|return|put|store|keep|pick|choose|go with|split|serve|write|read|cache|shard|partition|run|send|generate|encode|hash|queue|batch|precompute|push|pull|replicate|index|key|assign|give|rely on|make)\s+[^,.;:!?()]{3,80})/i;
const STOP = /\s(?:because|since|so that|so|rather than|instead of|which|but|and then|if|when|unless|to avoid|for exactly|with|than|until|while|as long as)\b.*$/i;
const PRONOUN = /^\S+\s+(?:it|them|that|this|those|these|sure|one|\d+)\b/i;

/**
 * What was chosen, as the candidate put it: "put an in-memory cache cluster in front of the
 * store", "return 302, not 301". Null when the sentence names nothing a follow-up could use.
 */
export function choicePhrase(sentence: string): string | null {
  const match = PHRASE.exec(sentence);
  if (!match) return null;
  const phrase = match[1]!.replace(STOP, '').trim();
  const words = phrase.split(/\s+/);
  if (words.length < 2 || words.length > 10 || PRONOUN.test(phrase)) return null;
  if (!words.slice(1).some((w) => /^[a-z][a-z-]{3,}$/i.test(w) && !/^(same|only|also|more|less|very|much|some|each|every|just)$/i.test(w))) return null;
  return phrase;
}
