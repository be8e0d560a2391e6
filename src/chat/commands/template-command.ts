import { InterviewPlatformError } from '../../domain/errors.js';
import type { Actor } from '../../domain/types.js';
import { PHASES, type PhaseId } from '../../interviewer/catalog/catalog-schema.js';
import type { TopicCatalog } from '../../interviewer/catalog/topic-catalog.js';
import { PHASE_TITLES } from '../../interviewer/phase-plan.js';
import type { TemplateRepository } from '../../storage/template-repository.js';
import { RESERVED_TEMPLATE_NAMES, STRICTNESS, TEMPLATE_NAME, type CustomTemplate, type Strictness } from '../../templates/custom-template.js';
import type { OutboundMessage } from '../outbound-message.js';
import { notice } from '../views.js';
import type { Refusal } from './refusal.js';

// `/interview template add|list|remove`: a workspace's own templates. Admins add and remove;
// anyone lists. Everything is checked here, before anything is stored.

export type TemplateCommand =
  | { name: 'template'; action: 'list' }
  | { name: 'template'; action: 'remove'; templateName: string }
  | { name: 'template'; action: 'add'; template: CustomTemplate; topicTexts: string[] };

/** At most this many custom templates per workspace (Discord shows at most 25 choices). */
export const MAX_TEMPLATES = 20;

const USAGE =
  'I read `template list`, `template remove <name>` and `template add <name> duration=45 phases=requirements:15,estimation:10,api-data-model:15,high-level-design:25,deep-dive:25,wrap-up:10 topics=url-shortener,rate-limiter strictness=lenient|standard|strict` (topics and strictness optional).';
const PHASE_WORDS: Record<string, PhaseId> = {
  requirements: 'requirements',
  estimation: 'estimation',
  'api-data-model': 'api-data-model',
  api: 'api-data-model',
  'high-level-design': 'high-level-design',
  design: 'high-level-design',
  'deep-dive': 'deep-dive',
  deepdive: 'deep-dive',
  'wrap-up': 'wrap-up',
  wrapup: 'wrap-up',
};

const refuse = (problem: string): Refusal => ({ name: 'help', problem: `${problem} ${USAGE}` });

export function parseTemplate(words: string[]): TemplateCommand | Refusal {
  const action = (words[0] ?? 'list').toLowerCase();
  const rest = words.slice(1);
  if (action === 'list') return rest.length ? refuse('`template list` takes nothing more.') : { name: 'template', action: 'list' };
  if (action === 'remove') {
    if (rest.length !== 1) return refuse('`template remove` takes one template name.');
    return { name: 'template', action: 'remove', templateName: rest[0]!.toLowerCase() };
  }
  if (action !== 'add') return refuse(`\`template ${action.slice(0, 40)}\` is not something I do.`);
  const name = rest[0]?.toLowerCase();
  if (!name || name.includes('=')) return refuse('`template add` needs a name first.');
  if (!TEMPLATE_NAME.test(name)) return refuse(`\`${name.slice(0, 40)}\` cannot be a template name: 2 to 32 lower-case letters, digits and dashes, starting with a letter.`);
  if (RESERVED_TEMPLATE_NAMES.has(name)) return refuse(`\`${name}\` is a built-in template's name; choose another.`);
  const fields = new Map<string, string>();
  for (const word of rest.slice(1)) {
    const eq = word.indexOf('=');
    const key = eq > 0 ? word.slice(0, eq).toLowerCase() : '';
    if (!['duration', 'phases', 'topics', 'strictness'].includes(key)) return refuse(`\`${word.slice(0, 60)}\` is not one of \`duration=\`, \`phases=\`, \`topics=\`, \`strictness=\`.`);
    if (fields.has(key)) return refuse(`\`${key}=\` is given twice.`);
    fields.set(key, word.slice(eq + 1));
  }
  const durationText = fields.get('duration');
  if (durationText === undefined) return refuse('`template add` needs `duration=` (minutes, 5 to 180).');
  const durationMinutes = /^\d{1,3}$/.test(durationText) ? Number(durationText) : NaN;
  if (!(durationMinutes >= 5 && durationMinutes <= 180)) return refuse(`\`duration=${durationText.slice(0, 20)}\`: a template lasts 5 to 180 whole minutes.`);
  const phasesText = fields.get('phases');
  if (phasesText === undefined) return refuse('`template add` needs `phases=` with a share in percent for each of the six phases, summing to 100.');
  const phaseShares: Partial<Record<PhaseId, number>> = {};
  for (const pair of phasesText.split(',').filter(Boolean)) {
    const [word, value, extra] = pair.split(':');
    const phase = word ? PHASE_WORDS[word.toLowerCase()] : undefined;
    if (!phase || extra !== undefined) return refuse(`\`${pair.slice(0, 40)}\` is not \`phase:percent\` for one of ${PHASES.map((p) => `\`${p}\``).join(', ')}.`);
    if (phaseShares[phase] !== undefined) return refuse(`The ${PHASE_TITLES[phase]} phase is given twice.`);
    if (!value || !/^\d{1,3}$/.test(value) || Number(value) > 100) return refuse(`\`${pair.slice(0, 40)}\`: a share is a whole percent from 0 to 100.`);
    phaseShares[phase] = Number(value);
  }
  const missing = PHASES.filter((p) => phaseShares[p] === undefined);
  if (missing.length) return refuse(`\`phases=\` must give every phase a share; missing: ${missing.map((p) => `\`${p}\``).join(', ')}.`);
  const sum = PHASES.reduce((a, p) => a + phaseShares[p]!, 0);
  if (sum !== 100) return refuse(`The phase shares sum to ${sum}, not 100.`);
  const strictnessText = (fields.get('strictness') ?? 'standard').toLowerCase();
  if (!(STRICTNESS as readonly string[]).includes(strictnessText)) return refuse(`\`strictness=${strictnessText.slice(0, 20)}\` is one of \`lenient\`, \`standard\`, \`strict\`.`);
  const topicTexts = (fields.get('topics') ?? '').split(',').map((t) => t.trim()).filter(Boolean);
  if (topicTexts.length > 50) return refuse('At most 50 topics.');
  return {
    name: 'template',
    action: 'add',
    template: { name, durationMinutes, phaseShares: phaseShares as Record<PhaseId, number>, topics: [], strictness: strictnessText as Strictness },
    topicTexts,
  };
}

export interface TemplateCommandDeps {
  templates: TemplateRepository;
  catalog: TopicCatalog;
  now(): Date;
}

export async function handleTemplateCommand(deps: TemplateCommandDeps, actor: Actor, command: TemplateCommand): Promise<OutboundMessage> {
  const scope = { platform: actor.platform, workspaceId: actor.workspaceId };
  if (command.action === 'list') {
    const all = await deps.templates.list(scope);
    const builtIn = '**Templates**\n- Built in: `standard` (45 min), `quick` (30 min), `deep-dive` (60 min)';
    if (!all.length) return notice(`${builtIn}\n- This workspace has no templates of its own; admins add them with \`/interview template add\`.`);
    return notice([builtIn, ...all.map((t) => `- \`${t.name}\`: ${describeTemplate(t, deps.catalog)}`)].join('\n'));
  }
  if (actor.kind !== 'admin') {
    throw new InterviewPlatformError('FORBIDDEN', `${actor.userId} may not change templates`, {
      userMessage: 'Only workspace admins can add or remove templates. `/interview template list` shows them.',
      context: { actor: actor.userId },
    });
  }
  if (command.action === 'remove') {
    const removed = await deps.templates.remove(scope, command.templateName);
    return removed
      ? notice(`Removed the template \`${command.templateName}\`. Interviews already running on it keep it until they end.`)
      : notice(`This workspace has no template called \`${command.templateName.slice(0, 40)}\`. \`/interview template list\` shows them.`, 'warning');
  }
  // `start url shortener <name>`: a name that is also a topic's word would be read as the template.
  const topicWords = new Set(deps.catalog.topics.flatMap((t) => [t.id, ...`${t.name} ${t.aliases.join(' ')}`.toLowerCase().split(/[^a-z0-9-]+/)]));
  if (topicWords.has(command.template.name)) {
    return notice(`\`${command.template.name}\` is a word of a topic's name, so \`/interview start\` could not tell them apart; choose another name.`, 'warning');
  }
  const topics: string[] = [];
  for (const text of command.topicTexts) {
    const match = deps.catalog.match(text);
    if (match.kind !== 'found') {
      throw new InterviewPlatformError('INVALID_INPUT', `Unknown topic "${text}"`, {
        userMessage: `I don't have a topic called "${text.slice(0, 100)}"${match.suggestions.length ? `; did you mean ${match.suggestions.slice(0, 3).map((t) => `\`${t.id}\``).join(', ')}?` : '.'} Nothing was saved. (\`/interview topics\` lists them all.)`,
      });
    }
    if (!topics.includes(match.topic.id)) topics.push(match.topic.id);
  }
  const template = { ...command.template, topics };
  const existing = await deps.templates.list(scope);
  if (existing.length >= MAX_TEMPLATES && !existing.some((t) => t.name === template.name)) {
    return notice(`This workspace already has ${MAX_TEMPLATES} templates, the most it may have; remove one first.`, 'warning');
  }
  const replaced = await deps.templates.save(scope, template, actor.userId, deps.now());
  return notice(`${replaced ? 'Replaced' : 'Added'} the template \`${template.name}\`: ${describeTemplate(template, deps.catalog)}. Start with \`/interview start <topic> ${template.name}\`.`);
}

export function describeTemplate(t: CustomTemplate, catalog: TopicCatalog): string {
  const shares = PHASES.map((p) => `${PHASE_TITLES[p]} ${t.phaseShares[p] ?? 0}%`).join(', ');
  const topics = t.topics.length ? t.topics.map((id) => catalog.get(id)?.name ?? id).join(', ') : 'any topic';
  return `${t.durationMinutes} min, ${t.strictness}; ${shares}; topics: ${topics}`;
}

export const TEMPLATE_HELP_LINE = '- `/interview template list|add|remove`: the workspace\'s own interview templates (admins add and remove)';
