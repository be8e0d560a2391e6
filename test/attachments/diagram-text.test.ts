import { describe, expect, it } from 'vitest';
import { classifyMessage } from '../../src/attachments/classify-inbound.js';
import { describeFlow, readDiagram } from '../../src/attachments/diagram-text.js';
import type { TranscriptMessage } from '../../src/domain/types.js';
import { whiteboardReply } from '../../src/interviewer/offline/whiteboard-reply.js';

const candidate = (content: string, metadata: Record<string, unknown> = {}, mode: TranscriptMessage['mode'] = 'whiteboard'): TranscriptMessage => ({
  sessionId: 's', seq: 2, role: 'candidate', mode, content, authorUserId: 'U', platformMessageId: null, replyToSeq: null, metadata, createdAt: new Date(0),
});

describe('diagram text', () => {
  it('reads a Mermaid flowchart: labels, ids referred to later, edge labels', () => {
    const read = readDiagram('Here is my design:\n```mermaid\ngraph LR\n  C[Client] --> LB(Load balancer)\n  LB -->|HTTP| API[API service]\n  API --> DB[(Postgres)]\n  API -.-> Cache{Redis}\n```');
    expect(read?.kind).toBe('mermaid');
    expect(read?.components).toEqual(['Client', 'Load balancer', 'API service', 'Postgres', 'Redis']);
    expect(read && describeFlow(read)).toBe('Client -> Load balancer -> API service -> Postgres');
  });

  it('reads an ASCII drawing with arrows and boxes, and leaves prose alone', () => {
    const read = readDiagram('```\n[Client] --> [API] --> [Queue] --> [Worker]\n                  \\-> [Cache]\n```');
    expect(read?.kind).toBe('ascii');
    expect(read?.components.slice(0, 4)).toEqual(['Client', 'API', 'Queue', 'Worker']);
    expect(readDiagram('Client -> API\nAPI -> DB')?.components).toEqual(['Client', 'API', 'DB']);
    expect(readDiagram('I would put a cache in front -> it cuts read latency.')).toBeUndefined();
    expect(readDiagram('Use consistent hashing for the shards.')).toBeUndefined();
  });

  it('classifies images and typed diagrams as whiteboard messages, the rest as text', () => {
    const image = { kind: 'image' as const, id: 'F1', url: 'https://files.example/x.png', name: 'board.png', contentType: 'image/png', size: 204_800 };
    const photo = classifyMessage('', [image]);
    expect(photo).toMatchObject({ mode: 'whiteboard', content: '[whiteboard image: board.png (image/png, 200 KB)]' });
    expect(photo.metadata?.attachments).toEqual([image]);
    expect(classifyMessage('```mermaid\ngraph TD\nA-->B\n```').mode).toBe('whiteboard');
    expect(classifyMessage('plain answer', [{ ...image, kind: 'other' }])).toEqual({ mode: 'text', content: 'plain answer' });
  });

  it('the offline reply asks about what it can read, and says plainly when it cannot read an image', () => {
    const mermaid = whiteboardReply(candidate('```mermaid\ngraph LR\nA[Client] --> B[API] --> C[Database]\n```'));
    expect(mermaid).toContain('You drew Client -> API -> Database');
    expect(mermaid).toContain('What happens when API is down?');
    const image = whiteboardReply(candidate('[whiteboard image: board.png (image/png, 200 KB)]', { attachments: [{ kind: 'image', url: 'u', name: 'board.png', contentType: 'image/png', size: 1 }] }));
    expect(image).toMatch(/can't read images/);
    expect(whiteboardReply(candidate('hello', {}, 'text'))).toBeUndefined();
  });
});
