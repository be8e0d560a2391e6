// Part of `npm run build`: tsc emits JavaScript only, so the JSON the code reads at run time
// (the rubric, the topic catalog, the Slack manifest) is copied beside it into dist/, and so are
// the charts' font files (src/charts/fonts: .otf with its OFL.txt).
import { cpSync, statSync } from 'node:fs';

for (const dir of ['src', 'adapters']) {
  cpSync(dir, `dist/${dir}`, { recursive: true, filter: (path) => /\.(json|otf)$/.test(path) || path.endsWith('OFL.txt') || statSync(path).isDirectory() });
}
