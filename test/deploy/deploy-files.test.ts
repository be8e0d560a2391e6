// The deployment files (issue 16): Dockerfile, .dockerignore, compose.yaml, deploy/nginx.conf and
// .env.example, checked without a Docker engine: the Dockerfile through dockerfile-utils'
// validator and dockerfile-ast's parser, compose.yaml against the Compose Specification's JSON
// schema, and all of them against what the app actually runs and reads (package.json's scripts,
// src/config/config.ts).
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { Ajv2019 } from 'ajv/dist/2019.js';
import { DockerfileParser, type Instruction } from 'dockerfile-ast';
import { validate, ValidationSeverity } from 'dockerfile-utils';
import { parse as parseYaml } from 'yaml';
import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config/config.js';

const ROOT = join(import.meta.dirname, '..', '..');
const read = (path: string) => readFileSync(join(ROOT, path), 'utf8');
const scripts = (JSON.parse(read('package.json')) as { scripts: Record<string, string> }).scripts;
/** A package.json script as the argv a container runs (the scripts are plain `node ...` commands). */
const argv = (script: string) => scripts[script]!.trim().split(/\s+/);

/** The keys of config.ts's `EnvSchema = z.object({...})`: every variable loadConfig reads. */
function configVariables(): string[] {
  const source = read('src/config/config.ts');
  const start = source.indexOf('const EnvSchema = z.object({');
  const end = source.indexOf('\n});', start);
  expect(start, 'EnvSchema not found in src/config/config.ts').toBeGreaterThan(-1);
  const names = [...source.slice(start, end).matchAll(/^ {2}([A-Z][A-Z0-9_]*):/gm)].map((m) => m[1]!);
  expect(names.length, 'EnvSchema keys not found (has config.ts changed shape?)').toBeGreaterThan(30);
  return names;
}

/** The variables a source text reads as `process.env.NAME` or `process.env['NAME']`. */
const envReadsIn = (text: string) => [...text.matchAll(/process\.env(?:\.([A-Z_][A-Z0-9_]*)|\[\s*['"]([A-Z_][A-Z0-9_]*)['"]\s*\])/g)].map((m) => m[1] ?? m[2]!);
/** Those of the shipped code (src/, adapters/), each with a file that reads it. */
function processEnvReads(): Map<string, string> {
  const found = new Map<string, string>();
  const walk = (dir: string) => {
    for (const entry of readdirSync(join(ROOT, dir))) {
      const path = `${dir}/${entry}`;
      if (statSync(join(ROOT, path)).isDirectory()) walk(path);
      else if (/\.[cm]?[jt]s$/.test(entry)) for (const name of envReadsIn(read(path))) found.set(name, path);
    }
  };
  walk('src');
  walk('adapters');
  return found;
}

interface EnvEntry {
  name: string;
  value: string;
  commented: boolean;
  comment: string | undefined;
}
/** `.env.example`: `NAME=value` lines to fill in and `# NAME=default` lines, each under a one-line comment. */
function envExample(text = read('.env.example')): EnvEntry[] {
  const lines = text.split('\n');
  const entries: EnvEntry[] = [];
  lines.forEach((line, i) => {
    const m = /^(#\s*)?([A-Z][A-Z0-9_]*)=(.*)$/.exec(line);
    if (!m) return;
    const above = lines[i - 1];
    entries.push({ name: m[2]!, value: m[3]!, commented: Boolean(m[1]), comment: above?.startsWith('# ') && !/^#\s*[A-Z][A-Z0-9_]*=/.test(above) ? above : undefined });
  });
  return entries;
}

// ---------------------------------------------------------------------------------------------
// Dockerfile

function dockerfile(text = read('Dockerfile')) {
  const parsed = DockerfileParser.parse(text);
  const froms = parsed.getFROMs();
  const lastFromLine = froms.at(-1)?.getRange().start.line ?? -1;
  const line = (i: Instruction) => i.getRange().start.line;
  const finalStage = parsed.getInstructions().filter((i) => line(i) > lastFromLine);
  const earlierStages = parsed.getInstructions().filter((i) => line(i) < lastFromLine);
  return { parsed, froms, finalStage, earlierStages };
}
/** The JSON array of an exec-form instruction (`CMD ["node", ...]`), or null for the shell form. */
function execForm(args: string | null): string[] | null {
  const text = args?.trim() ?? '';
  if (!text.startsWith('[')) return null;
  try {
    const value: unknown = JSON.parse(text);
    return Array.isArray(value) && value.every((v) => typeof v === 'string') ? value : null;
  } catch {
    return null;
  }
}
/** Everything dockerfile-utils can flag, as errors; returns the errors. */
function dockerfileErrors(text: string) {
  const E = ValidationSeverity.ERROR;
  const all = { deprecatedMaintainer: E, directiveCasing: E, emptyContinuationLine: E, instructionCasing: E, instructionCmdMultiple: E, instructionEntrypointMultiple: E, instructionHealthcheckMultiple: E, instructionJSONInSingleQuotes: E, instructionWorkdirRelative: E };
  return validate(text, all).filter((d) => d.severity === 1 /* DiagnosticSeverity.Error */);
}

describe('Dockerfile', () => {
  const text = read('Dockerfile');
  const { froms, finalStage, earlierStages } = dockerfile(text);
  const finalOf = (keyword: string) => finalStage.filter((i) => i.getKeyword() === keyword);

  it('is valid (dockerfile-utils reports no error, with every optional check raised to an error)', () => {
    expect(dockerfileErrors(text).map((d) => `line ${d.range.start.line + 1}: ${d.message}`)).toEqual([]);
    // The validator does catch mistakes (so the check above can fail).
    expect(dockerfileErrors(text.replace('EXPOSE 3000', 'EXPOSE port').replace('HEALTHCHECK --interval=30s', 'HEALTHCHECK --interval=often'))).toHaveLength(2);
  });

  it('is multi-stage on one Node 20 base: the build stage compiles, the final stage gets dist/ and production node_modules', () => {
    expect(froms.length).toBeGreaterThanOrEqual(2);
    const images = new Set(froms.map((f) => f.getImageName() + ':' + f.getImageTag()));
    // One base for every stage, so native modules installed in the build stage match at run time.
    expect([...images]).toEqual(['node:20-bookworm-slim']);
    const build = earlierStages.filter((i) => i.getKeyword() === 'RUN').map((i) => i.getArgumentsContent() ?? '').join('\n');
    expect(build).toMatch(/\bnpm ci\b/);
    expect(build).toMatch(/\bnpm run build\b/);
    expect(build).toMatch(/--omit=dev/);
    const copied = finalOf('COPY').map((i) => i.getTextContent());
    for (const what of ['/app/dist', '/app/node_modules', '/app/package.json']) expect(copied.some((c) => c.includes('--from=') && c.includes(what)), what).toBe(true);
    // Nothing is installed or compiled in the final stage.
    expect(finalOf('RUN').map((i) => i.getArgumentsContent()).join('\n')).not.toMatch(/\bnpm\b|\btsc\b/);
  });

  it('runs as a non-root user, in production mode, on the port config.ts defaults to', () => {
    const user = finalOf('USER').at(-1)?.getArgumentsContent()?.trim();
    expect(user).toBeDefined();
    expect(user!.split(':')[0]).not.toMatch(/^(root|0)$/);
    expect(finalOf('ENV').map((i) => i.getArgumentsContent()).join('\n')).toMatch(/\bNODE_ENV=production\b/);
    expect(finalOf('EXPOSE').map((i) => i.getArgumentsContent()?.trim())).toEqual([String(loadConfig({}).port)]);
  });

  it('checks liveness on /healthz with node itself (exec form: the slim image has no curl)', () => {
    const checks = finalOf('HEALTHCHECK');
    expect(checks).toHaveLength(1);
    const content = checks[0]!.getArgumentsContent() ?? '';
    const command = execForm(content.slice(content.indexOf('CMD') + 3));
    expect(command?.[0]).toBe('node');
    expect(command!.join(' ')).toContain('/healthz');
    expect(command!.join(' ')).toContain('process.env.PORT');
  });

  it("starts exactly `npm start`'s command, node as the process (exec form, no ENTRYPOINT), so SIGTERM reaches the app", () => {
    const cmds = finalOf('CMD');
    expect(cmds).toHaveLength(1);
    expect(execForm(cmds[0]!.getArgumentsContent())).toEqual(argv('start'));
    expect(finalOf('ENTRYPOINT')).toEqual([]);
    const stopSignal = finalOf('STOPSIGNAL').at(-1)?.getArgumentsContent()?.trim();
    expect(stopSignal ?? 'SIGTERM').toBe('SIGTERM');
    // The app handles SIGTERM itself (node as PID 1 has no default handler).
    expect(read('src/main.ts')).toMatch(/process\.on\('SIGTERM'/);
  });

  it('has a .dockerignore that keeps secrets, local data and build output out of the context', () => {
    const ignored = read('.dockerignore').split('\n').map((l) => l.trim()).filter((l) => l && !l.startsWith('#'));
    for (const entry of ['.git', 'node_modules', 'dist', 'data', '.env', 'coverage']) expect(ignored, entry).toContain(entry);
    // ...and nothing the build stage copies.
    const copiedSources = [...text.matchAll(/^COPY (?!--from)(.+) \S+$/gm)].flatMap((m) => m[1]!.split(/\s+/)).map((p) => p.replace(/\/$/, ''));
    expect(copiedSources.length).toBeGreaterThan(3);
    for (const path of copiedSources) expect(ignored, path).not.toContain(path);
  });
});

// ---------------------------------------------------------------------------------------------
// compose.yaml

interface Service {
  image?: string;
  build?: unknown;
  command?: string[];
  environment?: Record<string, string>;
  env_file?: string | string[];
  depends_on?: Record<string, { condition: string }>;
  deploy?: { replicas?: number };
  healthcheck?: { test?: string | string[]; disable?: boolean };
  volumes?: string[];
  ports?: string[];
  restart?: string;
  init?: boolean;
  stop_grace_period?: string;
}
const composeText = read('compose.yaml');
// `merge`: the `<<:` keys compose supports (YAML 1.1 merge keys).
const compose = parseYaml(composeText, { merge: true }) as { services: Record<string, Service>; volumes?: Record<string, unknown> };

/**
 * The Compose Specification's schema, as published at
 * https://github.com/compose-spec/compose-spec/blob/b2835e8acc1e42e7aecbc27a9bc4a1fc66ef21ba/schema/compose-spec.json
 * (saved unchanged in test/fixtures/compose-spec.schema.json). It declares draft 2019-09.
 */
function composeValidator() {
  const schema = JSON.parse(read('test/fixtures/compose-spec.schema.json')) as Record<string, unknown>;
  // The schema names its subschemas with draft-04's `id`, which Ajv refuses ("use $id"); as
  // nothing refers to those names, it is taken as an annotation. `strict: false`: the schema
  // also puts `properties` beside `type: ["object", "null"]`, which strict mode would log.
  // No inlined refs nor code optimization: compiling takes a third of the time.
  const ajv = new Ajv2019({ allErrors: true, strict: false, inlineRefs: false, code: { optimize: false } });
  ajv.removeKeyword('id');
  ajv.addKeyword({ keyword: 'id', schemaType: 'string' });
  // Its one custom format: a port or port range, optionally with a protocol (compose-go checks the same).
  ajv.addFormat('expose', /^\d+(-\d+)?(\/[a-z]+)?$/);
  return ajv.compile(schema);
}
const seconds = (duration: string) => {
  const m = /^(\d+)(ms|s|m)$/.exec(duration);
  if (!m) throw new Error(`not a duration: ${duration}`);
  return Number(m[1]) * { ms: 0.001, s: 1, m: 60 }[m[2] as 'ms' | 's' | 'm'];
};

describe('compose.yaml', () => {
  const services = compose.services;
  const appServices = Object.entries(services).filter(([, s]) => s.build !== undefined);

  it('is valid against the Compose Specification schema', () => {
    const check = composeValidator();
    expect(check(compose) ? [] : check.errors!.map((e) => `${e.instancePath} ${e.message}`)).toEqual([]);
    // ...which does reject mistakes.
    expect(check({ services: { bot: { ...services.bot, deploy: { replicas: 2, replica: 3 } } } })).toBe(false);
    expect(check({ services: { bot: { ...services.bot, depends_on: { migrate: { condition: 'done' } } } } })).toBe(false);
  });

  it('runs Postgres and Redis with volumes and healthchecks; Redis as BullMQ asks (noeviction, persistence)', () => {
    expect(Object.keys(services)).toEqual(expect.arrayContaining(['postgres', 'redis', 'migrate', 'bot', 'worker', 'lb']));
    expect(services.postgres!.image).toMatch(/^postgres:1[56]\b/);
    expect(services.postgres!.volumes?.some((v) => v.endsWith(':/var/lib/postgresql/data'))).toBe(true);
    expect(JSON.stringify(services.postgres!.healthcheck?.test)).toContain('pg_isready');
    const redis = services.redis!;
    expect(redis.image).toMatch(/^redis:7\b/);
    const command = redis.command!.join(' ');
    expect(command).toMatch(/--maxmemory-policy noeviction\b/);
    expect(command).toMatch(/--appendonly yes\b/);
    expect(command).toMatch(/--appendfsync everysec\b/);
    expect(redis.volumes?.some((v) => v.endsWith(':/data'))).toBe(true);
    expect(JSON.stringify(redis.healthcheck?.test)).toContain('ping');
    for (const volume of [...services.postgres!.volumes!, ...redis.volumes!]) expect(Object.keys(compose.volumes ?? {})).toContain(volume.split(':')[0]);
  });

  it("runs the image as migrate (once), bot x2 and worker x2, with package.json's commands", () => {
    expect(appServices.map(([name]) => name).sort()).toEqual(['bot', 'migrate', 'worker']);
    expect(services.migrate!.command).toEqual(argv('migrate'));
    expect(services.migrate!.restart).toBe('no');
    expect(services.bot!.command).toEqual(argv('bot'));
    expect(services.worker!.command).toEqual(argv('worker'));
    // `npm run bot`/`worker` are `npm start` plus the role.
    expect(argv('bot')).toEqual([...argv('start'), '--role=bot']);
    expect(argv('worker')).toEqual([...argv('start'), '--role=worker']);
    for (const name of ['bot', 'worker']) {
      const service = services[name]!;
      expect(service.deploy?.replicas, name).toBe(2);
      expect(service.depends_on, name).toEqual({ migrate: { condition: 'service_completed_successfully' }, postgres: { condition: 'service_healthy' }, redis: { condition: 'service_healthy' } });
      expect(service.environment?.MIGRATE_ON_START, name).toBe('false');
      // Running jobs get SHUTDOWN_TIMEOUT_MS after SIGTERM; Docker must not SIGKILL before that.
      expect(seconds(service.stop_grace_period ?? '10s'), name).toBeGreaterThan(loadConfig({}).queue.shutdownTimeoutMs / 1000);
      expect(service.init, name).toBe(true);
    }
    expect(services.migrate!.depends_on).toMatchObject({ postgres: { condition: 'service_healthy' } });
  });

  it('configures the app from .env plus the service addresses, with names the app reads', () => {
    const documented = new Set(envExample().map((e) => e.name));
    for (const [name, service] of appServices) {
      expect(service.env_file, name).toBe('.env');
      const environment = service.environment ?? {};
      for (const variable of Object.keys(environment)) expect(documented, `${name}: ${variable}`).toContain(variable);
      expect(new URL(environment.DATABASE_URL!).hostname, name).toBe('postgres');
      expect(new URL(environment.REDIS_URL!).hostname, name).toBe('redis');
      // The configuration the app would see (apart from .env) is valid.
      expect(() => loadConfig(Object.fromEntries(Object.entries(environment).map(([k, v]) => [k, v.replace(/\$\{[^}]+:-([^}]*)\}/g, '$1')]))), name).not.toThrow();
    }
  });

  it('puts nginx (deploy/nginx.conf) in front of the bots on their port', () => {
    const lb = services.lb!;
    expect(lb.image).toMatch(/^nginx:/);
    expect(lb.volumes).toContain('./deploy/nginx.conf:/etc/nginx/nginx.conf:ro');
    expect(lb.ports?.length).toBe(1);
    const upstream = /^\s*server\s+([a-z0-9_-]+):(\d+)\b/m.exec(nginxConf());
    expect(upstream?.[1]).toBe('bot');
    expect(upstream?.[2]).toBe(services.bot!.environment!.PORT);
  });
});

// ---------------------------------------------------------------------------------------------
// deploy/nginx.conf

function nginxConf(text = read('deploy/nginx.conf')): string {
  return text.replace(/#.*$/gm, '');
}
/** The statements of an nginx config: every one ends in `;`, `{` or `}`, and the braces balance. */
function nginxProblems(text: string): string[] {
  const problems: string[] = [];
  let depth = 0;
  for (const token of nginxConf(text).match(/[^;{}]*[;{}]/g) ?? []) {
    if (token.endsWith('{')) depth++;
    if (token.endsWith('}')) depth--;
    if (depth < 0) problems.push('unbalanced }');
  }
  if (depth !== 0) problems.push(`${depth} unclosed {`);
  const rest = nginxConf(text).replace(/[^;{}]*[;{}]/g, '').trim();
  if (rest) problems.push(`unterminated: ${rest}`);
  return problems;
}

describe('deploy/nginx.conf', () => {
  const conf = nginxConf();

  it('is well formed', () => {
    expect(nginxProblems(read('deploy/nginx.conf'))).toEqual([]);
    expect(nginxProblems('http { server { listen 80 }')).not.toEqual([]);
  });

  it('balances over every bot replica through Docker DNS and retries a failed one on another', () => {
    const upstream = /upstream\s+(\w+)\s*\{([^}]*)\}/.exec(conf);
    expect(upstream).not.toBeNull();
    expect(upstream![2]).toMatch(/^\s*server\s+bot:\d+\s[^;]*\bresolve\b/m);
    expect(upstream![2]).toMatch(/^\s*zone\s+\w+/m);
    expect(conf).toMatch(/^\s*resolver\s+127\.0\.0\.11\b/m);
    expect(conf).toMatch(new RegExp(`^\\s*proxy_pass\\s+http://${upstream![1]};`, 'm'));
    const nextUpstream = /^\s*proxy_next_upstream\s+([^;]+);/m.exec(conf)?.[1]?.split(/\s+/) ?? [];
    expect(nextUpstream).toEqual(expect.arrayContaining(['error', 'timeout', 'http_502', 'http_503']));
  });

  it('limits bodies to 1 MB, as the bot does', () => {
    expect(conf).toMatch(/^\s*client_max_body_size\s+1m;/m);
  });
});

// ---------------------------------------------------------------------------------------------
// .env.example

describe('.env.example', () => {
  const entries = envExample();
  const names = entries.map((e) => e.name);

  it('names exactly the variables config.ts reads, each once', () => {
    expect(new Set(names).size).toBe(names.length);
    expect([...names].sort()).toEqual([...configVariables()].sort());
    expect(names).toContain('MIGRATE_ON_START');
  });

  it('documents every variable the shipped code reads from process.env outside config.ts', () => {
    expect(envReadsIn("loadConfig(process.env); process.env.SOME_FLAG ?? process.env['OTHER_ONE']")).toEqual(['SOME_FLAG', 'OTHER_ONE']);
    for (const [variable, file] of processEnvReads()) expect(names, `${variable} (${file})`).toContain(variable);
  });

  it('gives each variable a one-line comment', () => {
    expect(entries.filter((e) => !e.comment).map((e) => e.name)).toEqual([]);
  });

  it("shows the real defaults: uncommented, they configure the app as nothing set does", () => {
    const shown = Object.fromEntries(entries.filter((e) => e.commented && e.value !== '').map((e) => [e.name, e.value]));
    expect(Object.keys(shown).length).toBeGreaterThan(25);
    expect(loadConfig(shown)).toEqual(loadConfig({}));
    expect(shown.MIGRATE_ON_START).toBe('true');
    // A wrong default would be noticed.
    expect(loadConfig({ ...shown, TURN_LEASE_SECONDS: '11' })).not.toEqual(loadConfig({}));
  });
});
