import type { AiInterviewer, InterviewContext, InterviewerReply, InterviewerTurnReply, InterviewTurn, ReplyOptions } from '../../domain/ports.js';
import type { TopicCatalog } from '../catalog/topic-catalog.js';
import { sessionTemplate } from '../../templates/custom-template.js';
import { resumeIntro } from '../resume-intro.js';
import { resolveTopic } from '../topic-resolution.js';
import { saveState, stateForTurn, type TurnNotes } from '../transcript-state.js';
import { focusStems } from './focus-areas.js';
import { planNextTurn } from './next-turn.js';
import { whiteboardReply } from './whiteboard-reply.js';

/**
 * The interviewer used without an OpenAI key: deterministic and phase-driven, steered by the
 * topic's concepts (what the candidate covered, what is missing) rather than a fixed script.
 */
export class OfflineInterviewer implements AiInterviewer {
  // Everything it needs is in the kept state; its answer is instant, so no progress is shown.
  readonly recentMessages = 1;
  readonly streams = false;

  constructor(private readonly catalog: TopicCatalog) {}

  async initialize(context: InterviewContext): Promise<void> {
    resolveTopic(this.catalog, context.session);
  }

  async openingQuestion(context: InterviewContext): Promise<InterviewerReply> {
    const topic = resolveTopic(this.catalog, context.session);
    const intro = resumeIntro(context.session.config.resumeData, topic);
    const minutes = context.session.config.durationMinutes;
    const content = `${intro}${topic.prompt}\n\nWe have ${minutes} minutes. Let's start with requirements: what would you want to clarify before designing anything?`;
    const notes: TurnNotes = { phase: 'requirements', kind: 'opening', topic: topic.id };
    return { content, metadata: { ...notes } };
  }

  async reply(context: InterviewContext, turn: InterviewTurn, options: ReplyOptions = {}): Promise<InterviewerTurnReply> {
    const topic = resolveTopic(this.catalog, context.session);
    const template = sessionTemplate(context.session.config);
    const state = stateForTurn(topic, turn);
    // A diagram gets questions about what it shows (an image: a plain "cannot read it"); the
    // phase plan resumes on the next answer. Coverage still counts what the diagram named.
    const latest = turn.messages[turn.messages.length - 1];
    const board = latest ? whiteboardReply(latest) : undefined;
    if (board) {
      options.onDelta?.(board);
      return { content: board, metadata: { phase: state.phase, kind: 'whiteboard', topic: topic.id }, state: saveState(state) };
    }
    const planned = planNextTurn(
      topic,
      template,
      { elapsedActiveMs: context.elapsedActiveMs, remainingActiveMs: context.remainingActiveMs, durationMinutes: context.session.config.durationMinutes },
      state,
      focusStems(context.session.config.resumeData?.focusAreas),
    );
    options.onDelta?.(planned.content);
    return { content: planned.content, metadata: { ...planned.notes, topic: topic.id }, state: saveState(state) };
  }
}
