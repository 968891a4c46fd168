# The image of one Collabo service; the same file builds all four. Build from the repository root (the context
# is the whole workspace), naming the service and its port:
#   docker build --build-arg SERVICE=registry --build-arg PORT=3001 -t collabo/registry .
# (proposals 3002, events 3003, notifications 3004; docker-compose.yml and the Kubernetes images do the same.)
# Stages: manifests (the npm manifests only, so the dependency layers stay cached until one changes),
# build (all dependencies, TypeScript build of the libraries and the service), runtime (production
# dependencies of this service alone, plus the built code and the service's data files), and the final
# image: non-root, no build tools, files owned by root and read-only for the process, health-checked on
# /health/live.

# Node 24, the current LTS (Node 20 reached its end of life in April 2026).
FROM node:24.22.3-bookworm-slim AS base
ENV NPM_CONFIG_UPDATE_NOTIFIER=false \
    NPM_CONFIG_FUND=false \
    NPM_CONFIG_AUDIT=false
WORKDIR /app

FROM base AS manifests
COPY . /src
# Every package.json of the workspace (npm ci needs them all to match package-lock.json) and the lock.
RUN cd /src \
 && find . -name node_modules -prune -o -name package.json -print | xargs -I{} cp --parents {} /app/ \
 && cp package-lock.json /app/

FROM base AS build
ARG SERVICE
RUN test -n "$SERVICE" || (echo "build with --build-arg SERVICE=<registry|proposals|events|notifications>" >&2; exit 1)
ENV NX_NO_CLOUD=true NX_DAEMON=false
COPY --from=manifests /app/ ./
RUN --mount=type=cache,target=/root/.npm npm ci --ignore-scripts
COPY tsconfig.base.json ./
COPY libs/ libs/
COPY services/${SERVICE}/ services/${SERVICE}/
# The libraries in dependency order, then the service; what the image ships of the service is what is left
# once its sources, tests and development dependencies are gone (dist/, data files, package.json).
RUN npm run build -w libs/contracts \
 && npm run build -w libs/calendar \
 && npm run build -w libs/service-kit \
 && npm run build -w services/${SERVICE} \
 && rm -rf services/${SERVICE}/src services/${SERVICE}/test services/${SERVICE}/node_modules services/${SERVICE}/Dockerfile

FROM base AS runtime
ARG SERVICE
COPY --from=manifests /app/ ./
# Production dependencies of this service only (its workspace libraries are linked, not downloaded).
RUN --mount=type=cache,target=/root/.npm npm ci --omit=dev --ignore-scripts --workspace services/${SERVICE}
COPY --from=build /app/libs/contracts/dist libs/contracts/dist
COPY --from=build /app/libs/calendar/dist libs/calendar/dist
COPY --from=build /app/libs/service-kit/dist libs/service-kit/dist
COPY --from=build /app/services/${SERVICE}/ services/${SERVICE}/

FROM base
ARG SERVICE
ARG PORT
RUN test -n "$PORT" || (echo "build with --build-arg PORT=<the service's port>" >&2; exit 1)
# No heap size here: the heap follows the memory limit of where the image runs, so it is set there, next to
# that limit (Kubernetes: NODE_OPTIONS in collabo-common, per overlay, checked against the containers' memory
# limits by deploy/test/kubernetes.test.ts). Elsewhere, pass NODE_OPTIONS=--max-old-space-size=<MB> with the limit.
ENV NODE_ENV=production \
    NODE_OPTIONS="--enable-source-maps" \
    PORT=${PORT}
COPY --from=runtime /app/ ./
WORKDIR /app/services/${SERVICE}
USER node
EXPOSE ${PORT}
HEALTHCHECK --interval=15s --timeout=5s --start-period=30s --retries=3 \
  CMD ["node", "-e", "fetch('http://127.0.0.1:' + process.env.PORT + '/health/live').then((r) => process.exit(r.ok ? 0 : 1), () => process.exit(1))"]
# SIGTERM starts the graceful drain (SHUTDOWN_GRACE_MS); node runs as PID 1 and handles it itself.
STOPSIGNAL SIGTERM
# Migrations alone (the Kubernetes Job): node dist/main.js migrate
CMD ["node", "dist/main.js"]
