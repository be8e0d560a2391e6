import { attachmentsOf } from '../../attachments/attachment.js';
import { describeFlow, readDiagram, type DiagramReading } from '../../attachments/diagram-text.js';
import type { TranscriptMessage } from '../../domain/types.js';

/**
 * The offline interviewer's answer to a whiteboard message: it acknowledges the diagram and
 * asks about the components it can read from a Mermaid or ASCII block; an image it cannot read
 * is said plainly, with a request to describe it in text. Undefined for any other message.
 */
export function whiteboardReply(message: TranscriptMessage, canSeeImages = false, why: 'no-vision' | 'unavailable' = 'no-vision'): string | undefined {
  if (message.role !== 'candidate' || message.mode !== 'whiteboard') return undefined;
  // Read from the text as it is now (an edit before the reply replaces the text, not the metadata).
  const diagram = readDiagram(message.content) ?? (message.metadata.diagram as DiagramReading | undefined);
  const images = attachmentsOf(message.metadata).filter((a) => a.kind === 'image');
  if (diagram && diagram.components.length > 0) return diagramQuestion(diagram, images.length > 0 && !canSeeImages);
  if (images.length > 0) {
    const reason = why === 'unavailable' ? 'I could not fetch the image just now' : 'no vision model is configured';
    return (
      `Thanks for the diagram. I can't read images in this interview (${reason}), so I can't see what you drew. ` +
      'Walk me through it in text: the main components, and the path a request takes through them. A Mermaid block (```mermaid) or an ASCII sketch works too, and I can read those.'
    );
  }
  return undefined;
}

function diagramQuestion(diagram: DiagramReading, imageUnread: boolean): string {
  const flow = describeFlow(diagram);
  const middle = pickMiddle(diagram);
  const note = imageUnread ? " (I can't read the image itself, only the text you typed with it)" : '';
  const drawn = diagram.edges.length > 0 ? `You drew ${flow}${note}.` : `Your diagram has ${flow}${note}.`;
  const others = diagram.components.filter((c) => c !== middle).slice(0, 3);
  const unnamed = others.length > 0 ? ` How do ${others.join(' and ')} notice, and what does the user see?` : '';
  return `Thanks for the diagram. ${drawn} What happens when ${middle} is down?${unnamed} Which of these components would you scale first, and what limits it?`;
}

/** The component in the middle of the drawn flow: the one most of the system depends on. */
function pickMiddle(diagram: DiagramReading): string {
  const both = diagram.components.filter((c) => diagram.edges.some(([, to]) => to === c) && diagram.edges.some(([from]) => from === c));
  return both[0] ?? diagram.components[Math.min(1, diagram.components.length - 1)]!;
}
