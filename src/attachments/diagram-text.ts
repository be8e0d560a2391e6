// Reads a diagram typed in a message: a ```mermaid block or an ASCII drawing with arrows or
// boxes. Pure text work: names the components and the edges between them.

export interface DiagramReading {
  kind: 'mermaid' | 'ascii';
  /** Component names in order of first appearance. */
  components: string[];
  /** Arrows between components, as drawn. */
  edges: Array<[string, string]>;
}

const MERMAID_BLOCK = /```\s*mermaid\s*\n([\s\S]*?)```/i;
const CODE_BLOCK = /```[a-z]*\s*\n([\s\S]*?)```/i;
const MERMAID_SKIP = /^(graph|flowchart|sequencediagram|classdiagram|subgraph|end|classdef|class|style|linkstyle|click|direction|%%)\b/i;
const MERMAID_ARROW = /\s*(?:<?[-=.]{2,}>|<?-\.+->|---|-->\|[^|]*\||--[^->]+-->|==>)\s*(?:\|[^|]*\|\s*)?/;
const ASCII_ARROW = /\s*(?:<-+>|<=+>|-+>|=+>|<-+|<=+)\s*/;
const MAX_COMPONENTS = 12;

function clean(name: string): string {
  return name.replace(/^[\s"'`[({|+]+|[\s"'`\])}|+]+$/g, '').replace(/\s+/g, ' ').trim().slice(0, 60);
}

/** A Mermaid node: `A`, `A[Label]`, `A(Label)`, `A[(Label)]`, `A{Label}`, `A((Label))`. */
function mermaidNode(token: string): string | undefined {
  const match = /^\s*([A-Za-z0-9_.:-]+)\s*(?:\[\(?|\(\(?|\{|>)?\s*"?([^\])}"]*)?/.exec(token);
  if (!match) return undefined;
  const label = clean(match[2] ?? '');
  return label || clean(match[1] ?? '') || undefined;
}

function collect(chains: string[][]): Pick<DiagramReading, 'components' | 'edges'> {
  const components: string[] = [];
  const edges: Array<[string, string]> = [];
  for (const chain of chains) {
    for (const name of chain) if (!components.includes(name) && components.length < MAX_COMPONENTS) components.push(name);
    for (let i = 1; i < chain.length; i++) edges.push([chain[i - 1]!, chain[i]!]);
  }
  return { components, edges };
}

function readMermaid(body: string): DiagramReading | undefined {
  const ids = new Map<string, string>();
  const chains: string[][] = [];
  for (const raw of body.split('\n')) {
    const line = raw.trim().replace(/;$/, '');
    if (!line || MERMAID_SKIP.test(line)) continue;
    const parts = line.split(MERMAID_ARROW).filter((p) => p.trim());
    const names: string[] = [];
    for (const part of parts) {
      const id = /^\s*([A-Za-z0-9_.:-]+)/.exec(part)?.[1];
      const name = mermaidNode(part);
      if (!id || !name) continue;
      // A node named once with a label keeps that label when referred to by id later.
      const known = ids.get(id);
      const label = known && name === id ? known : name;
      if (!known || label !== id) ids.set(id, label);
      names.push(ids.get(id)!);
    }
    if (names.length) chains.push(names);
  }
  const read = collect(chains);
  return read.components.length ? { kind: 'mermaid', ...read } : undefined;
}

function readAscii(body: string): DiagramReading | undefined {
  const chains: string[][] = [];
  const boxes: string[] = [];
  for (const raw of body.split('\n')) {
    const line = raw.trim();
    if (!line) continue;
    if (ASCII_ARROW.test(line)) {
      const names = line
        .split(ASCII_ARROW)
        .map((part) => clean(part.replace(/[|+]/g, ' ')))
        .filter((name) => name && /[A-Za-z]/.test(name) && name.split(' ').length <= 5);
      if (names.length >= 2) chains.push(names);
      continue;
    }
    // A box's label: `| Load balancer |` or `[ Cache ]`.
    const boxed = /^\|\s*([^|]*[A-Za-z][^|]*)\s*\|$/.exec(line) ?? /^\[\s*([^\]]*[A-Za-z][^\]]*)\s*\]$/.exec(line);
    if (boxed?.[1]) boxes.push(...boxed[1].split(/\s{2,}|\|/).map(clean).filter(Boolean));
  }
  const read = collect([...chains, ...boxes.map((b) => [b])]);
  if (chains.length === 0 && boxes.length < 2) return undefined;
  return read.components.length >= 2 ? { kind: 'ascii', ...read } : undefined;
}

/**
 * The diagram in a message, or undefined when it is prose. A ```mermaid block is always read as
 * Mermaid; other text counts as an ASCII drawing when it is in a code block, or has at least two
 * lines drawn with arrows or boxes (one sentence with "->" in it stays an ordinary answer).
 */
export function readDiagram(raw: string): DiagramReading | undefined {
  // Slack sends `<`, `>` and `&` escaped in message text; a drawn arrow is `-->`, not `--&gt;`.
  const text = raw.replace(/&gt;/g, '>').replace(/&lt;/g, '<').replace(/&amp;/g, '&');
  const mermaid = MERMAID_BLOCK.exec(text);
  if (mermaid?.[1]) return readMermaid(mermaid[1]);
  const block = CODE_BLOCK.exec(text)?.[1];
  if (block !== undefined) return readAscii(block);
  const drawn = text.split('\n').filter((line) => ASCII_ARROW.test(line) || /^\s*[+|].*[+|]\s*$/.test(line));
  return drawn.length >= 2 ? readAscii(drawn.join('\n')) : undefined;
}

/** "A -> B -> C" for the longest chain of edges from the first component (for questions). */
export function describeFlow(reading: DiagramReading): string {
  const path = [reading.components[0]!];
  const next = new Map<string, string>();
  for (const [from, to] of reading.edges) if (!next.has(from)) next.set(from, to);
  while (path.length < 6) {
    const to = next.get(path[path.length - 1]!);
    if (!to || path.includes(to)) break;
    path.push(to);
  }
  return path.length >= 2 ? path.join(' -> ') : reading.components.slice(0, 5).join(', ');
}
