import type { APIEmbedField } from 'discord.js';
import { describe, expect, it } from 'vitest';
import { buttonRows } from '../../../../adapters/discord/render/components.js';
import { embedLength, field, fitEmbed } from '../../../../adapters/discord/render/embeds.js';
import { packPayloads } from '../../../../adapters/discord/render/pack-payloads.js';
import { allText, assertAllWithinDiscordLimits, expectWordsInOrder } from './support.js';

describe('fitEmbed', () => {
  it('keeps a small spec as one embed', () => {
    expect(fitEmbed({ title: 'T', description: 'D', color: 1, fields: [field('a', 'b', true)], footer: 'F', timestamp: '2024-01-01T00:00:00.000Z' })).toEqual([
      { color: 1, title: 'T', description: 'D', fields: [{ name: 'a', value: 'b', inline: true }], footer: { text: 'F' }, timestamp: '2024-01-01T00:00:00.000Z' },
    ]);
  });

  it('truncates oversize parts and stands in for blank field text', () => {
    const [embed] = fitEmbed({ title: 'word '.repeat(100), fields: [{ name: ' ', value: 'v '.repeat(1000) }], footer: 'f '.repeat(2000) });
    expect(embed?.title?.length).toBeLessThanOrEqual(256);
    expect(embed?.fields?.[0]?.name).toBe('\u200b');
    expect(embed?.fields?.[0]?.value.length).toBeLessThanOrEqual(1024);
    expect(embed?.footer?.text.length).toBeLessThanOrEqual(2048);
  });

  it('continues a long description and many fields in more embeds, footer on the last', () => {
    const description = Array.from({ length: 400 }, (_, i) => `Line ${i} of the description.`).join('\n');
    const fields: APIEmbedField[] = Array.from({ length: 40 }, (_, i) => ({ name: `Field ${i}`, value: `Value ${i} `.repeat(60) }));
    const embeds = fitEmbed({ title: 'Title', description, color: 7, fields, footer: 'The end' });
    expect(embeds.length).toBeGreaterThan(3);
    expect(embeds[0]?.title).toBe('Title');
    expect(embeds.slice(1).every((e) => e.title === undefined && e.color === 7)).toBe(true);
    expect(embeds.at(-1)?.footer?.text).toBe('The end');
    for (const embed of embeds) {
      expect(embedLength(embed)).toBeLessThanOrEqual(6000);
      expect(embed.fields?.length ?? 0).toBeLessThanOrEqual(25);
    }
    expect(embeds.flatMap((e) => e.fields ?? []).map((f) => f.name)).toEqual(fields.map((f) => f.name));
    expectWordsInOrder(description, embeds.map((e) => e.description ?? '').join('\n'));
  });

  it('returns nothing for an empty spec', () => {
    expect(fitEmbed({ color: 3 })).toEqual([]);
  });
});

describe('packPayloads', () => {
  it('keeps at most 10 embeds and 6000 embed characters a message, buttons on the last', () => {
    const small = Array.from({ length: 23 }, (_, i) => ({ description: `Embed ${i}` }));
    const big = fitEmbed({ description: 'Paragraph of text that fills the description. '.repeat(85) });
    const rows = buttonRows(Array.from({ length: 7 }, (_, i) => ({ actionId: 'history.page' as const, label: `P${i}`, value: String(i) })));
    const payloads = packPayloads({ content: ['Hello'], embeds: [...small, ...big, ...big], rows });
    assertAllWithinDiscordLimits(payloads);
    expect(payloads.map((p) => p.embeds?.length ?? 0)).toEqual([0, 10, 10, 4, 1]);
    expect(payloads[0]).toEqual({ content: 'Hello' });
    expect(payloads.at(-1)?.components).toEqual(rows);
    expect(allText(payloads)).toContain('Embed 22');
  });

  it('sends more than 25 buttons in messages of their own', () => {
    const rows = buttonRows(Array.from({ length: 30 }, (_, i) => ({ actionId: 'history.page' as const, label: `P${i}`, value: String(i) })));
    const payloads = packPayloads({ content: ['Pick a page'], rows });
    assertAllWithinDiscordLimits(payloads);
    expect(payloads.map((p) => p.components?.length ?? 0)).toEqual([5, 1]);
  });

  it('never returns an empty message', () => {
    const payloads = packPayloads({ content: ['  '] });
    assertAllWithinDiscordLimits(payloads);
  });
});
