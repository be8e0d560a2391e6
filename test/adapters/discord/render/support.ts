import { ComponentType } from 'discord.js';
import { expect } from 'vitest';
import { parseCustomId } from '../../../../adapters/discord/render/components.js';
import type { DiscordPayload } from '../../../../adapters/discord/render/render-discord-message.js';
import type { EvaluationReport } from '../../../../src/domain/types.js';
import { completedReport } from '../../../support/render-fixtures.js';

export { AT, completedReport, expectWordsInOrder, summary } from '../../../support/render-fixtures.js';

/** The same report with every comment and quote far longer than a field can hold. */
export function longReport(): EvaluationReport {
  const report = completedReport();
  const long = (i: number) => `Evidence ${i}: ${'we would replicate each shard three times across availability zones and fail over on lease expiry, '.repeat(25)}`;
  const comment = 'The candidate walked through partitioning, replication and the rebalancing cost in real detail. '.repeat(15);
  return {
    ...report,
    dimensions: report.dimensions.map((d, i) => ({ ...d, comment, evidence: [long(i), 'second quote never shown'] })),
    strengths: Array.from({ length: 40 }, (_, i) => `Strength ${i}: clearly articulated the consistency model and its cost`),
    summary: 'A long summary sentence about the whole interview. '.repeat(120),
  };
}


/** Everything a reader sees, in order: content, then each embed's title, description, fields and footer. */
export function allText(payloads: DiscordPayload[]): string {
  return payloads
    .flatMap((p) => [
      p.content ?? '',
      ...(p.embeds ?? []).flatMap((e) => [e.title ?? '', e.description ?? '', ...(e.fields ?? []).flatMap((f) => [f.name, f.value]), e.footer?.text ?? '']),
    ])
    .filter(Boolean)
    .join('\n');
}

export function customIds(payloads: DiscordPayload[]): string[] {
  return payloads.flatMap((p) => (p.components ?? []).flatMap((row) => row.components.map((b) => ('custom_id' in b ? b.custom_id : ''))));
}

/** Discord's documented limits; a message breaking any of them is rejected with a 400. */
export function assertWithinDiscordLimits(payload: DiscordPayload): void {
  const embeds = payload.embeds ?? [];
  const rows = payload.components ?? [];
  expect(payload.content !== undefined || embeds.length > 0 || rows.length > 0, 'message is empty').toBe(true);
  if (payload.content !== undefined) {
    expect(payload.content.trim().length).toBeGreaterThan(0);
    expect(payload.content.length).toBeLessThanOrEqual(2000);
  }
  expect(embeds.length).toBeLessThanOrEqual(10);
  let total = 0;
  for (const embed of embeds) {
    const fields = embed.fields ?? [];
    expect(embed.title?.length ?? 0).toBeLessThanOrEqual(256);
    expect(embed.description?.length ?? 0).toBeLessThanOrEqual(4096);
    if (embed.description !== undefined) expect(embed.description.trim().length).toBeGreaterThan(0);
    expect(fields.length).toBeLessThanOrEqual(25);
    for (const f of fields) {
      expect(f.name.length).toBeGreaterThan(0);
      expect(f.name.length).toBeLessThanOrEqual(256);
      expect(f.value.length).toBeGreaterThan(0);
      expect(f.value.length).toBeLessThanOrEqual(1024);
    }
    expect(embed.footer?.text.length ?? 0).toBeLessThanOrEqual(2048);
    const length = (embed.title?.length ?? 0) + (embed.description?.length ?? 0) + fields.reduce((s, f) => s + f.name.length + f.value.length, 0) + (embed.footer?.text.length ?? 0) + (embed.author?.name.length ?? 0);
    expect(length, 'embed with nothing to show').toBeGreaterThan(0);
    total += length;
  }
  expect(total).toBeLessThanOrEqual(6000);
  expect(rows.length).toBeLessThanOrEqual(5);
  const ids: string[] = [];
  for (const row of rows) {
    expect(row.type).toBe(ComponentType.ActionRow);
    expect(row.components.length).toBeGreaterThan(0);
    expect(row.components.length).toBeLessThanOrEqual(5);
    for (const button of row.components) {
      expect(button.type).toBe(ComponentType.Button);
      const label = 'label' in button ? (button.label ?? '') : '';
      expect(label.length).toBeGreaterThan(0);
      expect(label.length).toBeLessThanOrEqual(80);
      const id = 'custom_id' in button ? button.custom_id : '';
      expect(id.length).toBeGreaterThan(0);
      expect(id.length).toBeLessThanOrEqual(100);
      expect(parseCustomId(id)).not.toBeNull();
      ids.push(id);
    }
  }
  // Discord rejects duplicate custom ids within one message.
  expect(new Set(ids).size).toBe(ids.length);
}

export function assertAllWithinDiscordLimits(payloads: DiscordPayload[]): void {
  expect(payloads.length).toBeGreaterThan(0);
  for (const payload of payloads) assertWithinDiscordLimits(payload);
}


export function fenceCount(text: string): number {
  return text.split('```').length - 1;
}
