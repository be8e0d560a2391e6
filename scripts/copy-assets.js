// Part of `npm run build`: tsc emits JavaScript only, so the JSON the code reads at run time
// (the rubric, the topic catalog, the Slack manifest) is copied beside it into dist/.
import { cpSync, statSync } from 'node:fs';

for (const dir of ['src', 'adapters']) {
  cpSync(dir, `dist/${dir}`, { recursive: true, filter: (path) => path.endsWith('.json') || statSync(path).isDirectory() });
}
