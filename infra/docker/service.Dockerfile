# syntax=docker/dockerfile:1
# One image recipe for every service: docker build -f infra/docker/service.Dockerfile --build-arg SERVICE=credits .
# The build context is the repository root (see .dockerignore).

ARG NODE_IMAGE=node:20-bookworm-slim

FROM ${NODE_IMAGE} AS node-base
WORKDIR /app

# npm 11 honours package.json `allowScripts` (every dependency install script is denied there); the npm 10 that
# ships with node:20 ignores the map and would run them all, so the image uses the same npm major as the repo.
FROM node-base AS npm
ARG NPM_VERSION=11.19.1
RUN npm install --global --no-audit --no-fund "npm@${NPM_VERSION}"
COPY package.json package-lock.json ./

# The dependency stages know nothing of SERVICE, so all three images share their cached layers.
# `npm install` rather than `npm ci`: the lock file is written where the registry mirror lacks the other
# platforms' optional binaries (@swc/core-darwin-*, …), and `npm ci` refuses a lock without them.
FROM npm AS deps
RUN --mount=type=cache,target=/root/.npm,sharing=locked npm install --no-audit --no-fund

FROM npm AS prod-deps
RUN --mount=type=cache,target=/root/.npm,sharing=locked npm install --omit=dev --no-audit --no-fund

# The service name and its entry point are defined here and nowhere else.
FROM node-base AS service
ARG SERVICE
RUN test -n "$SERVICE" || { echo 'build arg SERVICE is required: catalog | credits | notifications' >&2; exit 1; }
ENV SERVICE=${SERVICE} \
    SERVICE_MAIN=dist/services/${SERVICE}/main.js

FROM service AS build
ENV NX_DAEMON=false \
    NX_NO_CLOUD=true
COPY --from=deps /app/node_modules ./node_modules
COPY package.json nx.json tsconfig.base.json ./
COPY tools ./tools
COPY libs ./libs
COPY services ./services
RUN test -d "services/$SERVICE" || { echo "services/$SERVICE does not exist" >&2; exit 1; }
RUN npx nx run "$SERVICE:build"
RUN test -f "$SERVICE_MAIN" || { echo "the build did not produce $SERVICE_MAIN" >&2; exit 1; }

FROM service AS runtime
ENV NODE_ENV=production \
    HOST=0.0.0.0
COPY package.json ./
COPY --from=prod-deps /app/node_modules ./node_modules
# dist/services/$SERVICE holds the service and the library files it imports (tools/build-app.cjs).
COPY --from=build /app/dist ./dist
# Files stay owned by root: the process can read its code but not rewrite it.
USER node
# Liveness only (the process answers); readiness of Mongo, Kafka and Redis is /health/ready, used by compose.
# PORT is set by compose; the fallback mirrors each service's own default port (architecture.md).
HEALTHCHECK --interval=15s --timeout=5s --start-period=30s --retries=3 \
  CMD ["node", "-e", "const port = process.env.PORT || { catalog: 3001, credits: 3002, notifications: 3003 }[process.env.SERVICE]; fetch('http://127.0.0.1:' + port + '/health/live').then((r) => process.exit(r.ok ? 0 : 1), () => process.exit(1));"]
# exec: node is PID 1 and receives SIGTERM itself, so Nest's shutdown hooks close consumers and workers.
# NODE_V8_FLAGS: V8 flags of the service (compose sets the credits service's; NODE_OPTIONS refuses the
# young-generation ones), split by the shell on purpose.
ENV NODE_V8_FLAGS=""
CMD ["/bin/sh", "-c", "exec node $NODE_V8_FLAGS \"$SERVICE_MAIN\""]
