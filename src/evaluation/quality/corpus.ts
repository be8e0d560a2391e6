import { readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { readTranscriptFile, type TranscriptFile } from './transcript-file.js';

/** One labeled transcript of the quality corpus: `<dir>/<topic-id>/<label>.json`. */
export interface CorpusEntry {
  name: string;
  topicId: string;
  label: string;
  file: TranscriptFile;
}

export const CORPUS_LABELS = ['strong', 'average', 'weak', 'keyword-stuffer'] as const;
export const SPECIAL_LABELS = ['injection', 'off-topic', 'copy-of-question', 'too-short', 'rambling', 'off-scale'] as const;
/**
 * Fresh pairs written to judge a scorer change on transcripts it was not tuned on: a plain answer
 * set (correct, concise, reasons and a little arithmetic; its `base` says average or strong) and a
 * name-dropper (technologies listed, no numbers or reasons; `base` keyword-stuffer).
 */
export const FRESH_LABELS = ['plain', 'name-dropper'] as const;

export async function loadCorpus(dir: string): Promise<CorpusEntry[]> {
  const entries: CorpusEntry[] = [];
  for (const topicId of (await readdir(dir)).sort()) {
    for (const name of (await readdir(join(dir, topicId))).filter((f) => f.endsWith('.json')).sort()) {
      const file = await readTranscriptFile(join(dir, topicId, name));
      entries.push({ name: `${topicId}/${name.replace(/\.json$/, '')}`, topicId, label: file.label ?? name.replace(/\.json$/, ''), file });
    }
  }
  return entries;
}
