# syntax=docker/dockerfile:1
# Mock Interview Bot: the compiled service (`npm run build` output) on Node 20, as a non-root user.
#   docker build -t mock-interview-bot .
#   docker run --env-file .env mock-interview-bot                  # `npm start`: bot + workers
#   docker run --env-file .env mock-interview-bot node --max-old-space-size=192 --max-semi-space-size=2 dist/src/main.js --role=worker
#   docker run --env-file .env mock-interview-bot node dist/src/cli/migrate.js   # `npm run migrate`
# compose.yaml runs it as `migrate`, `bot` and `worker` services.
#
# bookworm-slim (glibc), not alpine: the native packages (@resvg/resvg-js, msgpackr-extract) ship
# prebuilt binaries for both libcs, but glibc is the one every developer and CI machine runs.

FROM node:20-bookworm-slim AS build
WORKDIR /app
# Dependencies first, so this layer is reused until the lockfile changes. No scripts here: the
# project's `prepare` is `npm run build` and the sources are not copied yet (it runs below), and
# the only production install script (msgpackr-extract, optional) just checks for the prebuilt
# binary that its platform package already holds.
COPY package.json package-lock.json ./
RUN npm ci --ignore-scripts --no-audit --no-fund
COPY tsconfig.json tsconfig.build.json ./
COPY scripts/ scripts/
COPY migrations/ migrations/
COPY adapters/ adapters/
COPY src/ src/
# What `prepare` does (tsc to dist/, migrations to dist/migrations, then the JSON and font assets),
# then only the production dependencies are kept for the runtime stage.
RUN npm run build \
 && npm prune --omit=dev --ignore-scripts --no-audit --no-fund \
 && rm -f dist/.tsbuildinfo

FROM node:20-bookworm-slim AS runtime
ENV NODE_ENV=production
WORKDIR /app
# Owned by root and read-only to the app; only /app/data (PGlite's default DATA_DIR, used when no
# DATABASE_URL is set) is writable by it.
COPY --from=build /app/package.json ./package.json
COPY --from=build /app/node_modules ./node_modules
COPY --from=build /app/dist ./dist
RUN mkdir -p /app/data && chown node:node /app/data
USER node
# PORT's default (src/config/config.ts): Slack's /slack/events, and /healthz, /readyz, /metrics.
EXPOSE 3000
# Liveness, with node itself (the slim image has no curl). /healthz answers 200 whenever the
# process can answer at all; /readyz (Postgres, Redis, gateway) is for load balancers and alerts.
HEALTHCHECK --interval=30s --timeout=5s --start-period=60s --retries=3 \
  CMD ["node", "-e", "fetch('http://127.0.0.1:'+(process.env.PORT||3000)+'/healthz').then(r=>process.exit(r.ok?0:1),()=>process.exit(1))"]
# SIGTERM: node runs directly (exec form, no npm or shell in between, which would not pass the
# signal on), and src/main.ts handles SIGTERM itself: it stops taking work, lets running jobs
# finish within SHUTDOWN_TIMEOUT_MS (25 s) and exits. That also works when node is PID 1, which
# has no default signal handlers. No tini in the image: compose.yaml sets `init: true` (Docker's
# own init, which forwards signals and reaps any orphaned child, e.g. PGlite's one-off initdb
# process), and a stop grace period longer than SHUTDOWN_TIMEOUT_MS.
STOPSIGNAL SIGTERM
# Exactly `npm start` (package.json; the benchmarks read its flags from there too), checked by
# test/deploy/deploy-files.test.ts. A role is an extra argument, as in `npm run bot` and
# `npm run worker`: `... dist/src/main.js --role=bot` (or `--role=worker`).
CMD ["node", "--max-old-space-size=192", "--max-semi-space-size=2", "dist/src/main.js"]
