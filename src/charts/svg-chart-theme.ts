/**
 * One look for every chart: an opaque light card with dark text. Slack and Discord show an
 * image as it is, on a light or a dark theme; a transparent chart with dark text vanishes on a
 * dark theme (and light text on a light one), so the card brings its own background and a thin
 * border that separates it from either. Colours meet WCAG AA contrast on the card, and every bar
 * or point carries its number, so colour is never the only way to read a value.
 */
export const CHART_THEME = {
  /** The bundled font (src/charts/fonts), loaded explicitly: no system font is relied on. */
  fontFamily: 'Inter',
  background: '#FFFFFF',
  border: '#D0D7DE',
  text: '#1F2328',
  muted: '#57606A',
  grid: '#E4E8EC',
  axis: '#8C959F',
  /** Bars by rubric score, 1 (weak) to 4 (excellent); dark enough for white-card contrast. */
  scoreColours: ['#CF222E', '#BC4C00', '#0969DA', '#1A7F37'] as const,
  line: '#0969DA',
  radius: 12,
  titleSize: 22,
  labelSize: 15,
  smallSize: 13,
} as const;

/** Text for an SVG document: markup characters escaped, control characters dropped. */
export function escapeSvgText(text: string): string {
  return text
    // eslint-disable-next-line no-control-regex
    .replace(/[\u0000-\u0008\u000B\u000C\u000E-\u001F]/g, '')
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;');
}

/** At most `max` characters, with an ellipsis when cut. */
export function clip(text: string, max: number): string {
  const chars = [...text];
  return chars.length <= max ? text : `${chars.slice(0, max - 1).join('').trimEnd()}…`;
}

/** The card every chart is drawn on: background, border, title and optional subtitle. */
export function chartCard(width: number, height: number, title: string, subtitle?: string): string {
  const t = CHART_THEME;
  const parts = [
    `<rect x="0.5" y="0.5" width="${width - 1}" height="${height - 1}" rx="${t.radius}" fill="${t.background}" stroke="${t.border}"/>`,
    `<text x="28" y="40" font-size="${t.titleSize}" font-weight="600" fill="${t.text}">${escapeSvgText(clip(title, 60))}</text>`,
  ];
  if (subtitle) parts.push(`<text x="28" y="64" font-size="${t.smallSize + 1}" fill="${t.muted}">${escapeSvgText(clip(subtitle, 90))}</text>`);
  return parts.join('');
}

/** An SVG document of this size in the theme's font. */
export function svgDocument(width: number, height: number, body: string): string {
  return `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" font-family="${CHART_THEME.fontFamily}">${body}</svg>`;
}
