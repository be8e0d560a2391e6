import { createRequire } from 'node:module';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';
import { CHART_THEME } from './svg-chart-theme.js';

/** The bundled font files (OFL, see fonts/OFL.txt); beside this module in src/ and in dist/. */
const FONT_FILES = ['Inter-Regular.otf', 'Inter-SemiBold.otf'].map((name) => fileURLToPath(new URL(`./fonts/${name}`, import.meta.url)));

export interface PngOptions {
  /** Pixels per SVG unit. Default 1.5: 1200 px wide, sharp where Slack and Discord show it (600 px at most) on dense screens. */
  scale?: number;
}

export interface RenderedPng {
  png: Buffer;
  width: number;
  height: number;
}

/** A worker left without work this long ends (it holds a V8 heap of its own); the next chart starts another. */
const IDLE_MS = 30_000;

// The worker's code, plain JavaScript that runs as a script or as a module (dynamic imports only),
// so it runs from src/ under tsx and vitest and from dist/ alike: resvg renders and encodes the
// PNG there, never on the main thread.
const workerSource = (resvgUrl: string) => `
Promise.all([import('node:worker_threads'), import(${JSON.stringify(resvgUrl)})]).then(([{ parentPort }, resvg]) => {
  const { Resvg } = resvg.default ?? resvg;
  parentPort.on('message', ({ id, svg, options }) => {
    try {
      const image = new Resvg(svg, options).render();
      const png = image.asPng();
      parentPort.postMessage({ id, png, width: image.width, height: image.height }, [png.buffer]);
    } catch (error) {
      parentPort.postMessage({ id, error: error && error.message ? error.message : String(error) });
    }
  });
});
`;

type Reply = { id: number; png: Uint8Array; width: number; height: number } | { id: number; error: string };

/**
 * Renders SVG to PNG with resvg (Rust, prebuilt per platform) in one worker thread: drawing
 * and PNG encoding take tens of milliseconds of CPU a chart, which would otherwise hold the event
 * loop that acknowledges Slack and Discord. Charts queue on the one worker (a 2-core machine has
 * one core to spare). The worker keeps the process alive only while a chart is being drawn.
 */
class PngRenderer {
  private worker: Worker | null = null;
  private nextId = 0;
  private readonly pending = new Map<number, { resolve: (r: RenderedPng) => void; reject: (e: Error) => void }>();
  private idle: NodeJS.Timeout | null = null;

  render(svg: string, options: object): Promise<RenderedPng> {
    const worker = this.ensureWorker();
    const id = ++this.nextId;
    if (this.idle) clearTimeout(this.idle);
    this.idle = null;
    worker.ref();
    return new Promise<RenderedPng>((resolve, reject) => {
      this.pending.set(id, { resolve, reject });
      worker.postMessage({ id, svg, options });
    });
  }

  private ensureWorker(): Worker {
    if (this.worker) return this.worker;
    const resvg = pathToFileURL(createRequire(import.meta.url).resolve('@resvg/resvg-js')).href;
    const worker = new Worker(workerSource(resvg), { eval: true });
    worker.on('message', (reply: Reply) => {
      const waiting = this.pending.get(reply.id);
      this.pending.delete(reply.id);
      if (waiting) {
        if ('error' in reply) waiting.reject(new Error(`Chart rendering failed: ${reply.error}`));
        else waiting.resolve({ png: Buffer.from(reply.png.buffer, reply.png.byteOffset, reply.png.byteLength), width: reply.width, height: reply.height });
      }
      this.settle();
    });
    const fail = (error: Error) => {
      for (const waiting of this.pending.values()) waiting.reject(error);
      this.pending.clear();
      if (this.worker === worker) this.worker = null;
    };
    worker.on('error', fail);
    worker.on('exit', (code) => fail(new Error(`Chart renderer stopped (exit code ${code})`)));
    this.worker = worker;
    return worker;
  }

  /** Nothing left to draw: let the process exit, and end the worker after a while. */
  private settle(): void {
    if (this.pending.size > 0 || !this.worker) return;
    const worker = this.worker;
    worker.unref();
    this.idle = setTimeout(() => {
      if (this.pending.size === 0 && this.worker === worker) {
        this.worker = null;
        void worker.terminate();
      }
    }, IDLE_MS);
    this.idle.unref();
  }
}

const renderer = new PngRenderer();

/**
 * An SVG chart as PNG bytes. Text uses only the bundled font: system fonts are not loaded, so a
 * chart looks the same on a slim container without fonts as on a desktop, and rendering does not
 * scan the system's font folders. About 50 ms of CPU a chart at the default scale, off the main thread.
 */
export async function renderSvgToPng(svg: string, options: PngOptions = {}): Promise<RenderedPng> {
  return renderer.render(svg, {
    fitTo: { mode: 'zoom', value: options.scale ?? 1.5 },
    font: { loadSystemFonts: false, fontFiles: FONT_FILES, defaultFontFamily: CHART_THEME.fontFamily, sansSerifFamily: CHART_THEME.fontFamily },
    shapeRendering: 2,
    textRendering: 1,
  });
}
