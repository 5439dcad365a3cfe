# syntax=docker/dockerfile:1
#
# askbot: the Discord interactions endpoint (plus the register, index and ask tools), compiled to
# JavaScript and run with plain node on the current Node.js LTS.
# Runs as the unprivileged `node` user and writes only to DATA_DIR (/data) and /tmp, so the
# container runs with a read-only root filesystem. The service's graceful stop takes up to 30 s
# (answers in flight get their final edit): give docker a longer stop timeout than its 10 s.
#   docker build -t askbot .
#   docker run -d --name askbot --init --read-only --tmpfs /tmp -v askbot-data:/data --env-file .env \
#     --stop-timeout 35 -p 127.0.0.1:8787:8787 askbot
# Without the bundled Chroma server (about 420 MiB less) when CHROMA_URL will always be set:
#   docker build --build-arg LOCAL_CHROMA=false -t askbot:external-chroma .
# Both variants build for linux/amd64 and linux/arm64 (Debian trixie: glibc 2.41, which the arm64
# Chroma bindings need). deploy/container-check.sh builds, starts and checks an image (docker or podman).
# See docs/deploy.md.

ARG NODE_IMAGE=node:24-trixie-slim

# ---- build: native modules compiled, TypeScript built, dev dependencies pruned -----------------
FROM ${NODE_IMAGE} AS build
WORKDIR /app
# better-sqlite3 compiles from source when no prebuilt binary fits the platform (or GitHub, where
# the prebuilt ones are, is out of reach); node-gyp then uses the headers the node image ships in
# /usr/local/include/node instead of downloading them from nodejs.org.
ENV npm_config_nodedir=/usr/local
RUN apt-get update \
 && apt-get install -y --no-install-recommends python3 make g++ ca-certificates \
 && rm -rf /var/lib/apt/lists/*
COPY package.json package-lock.json ./
# Dependencies in a layer of their own (the sources are not here yet, so `prepare` waits).
RUN npm ci --ignore-scripts --no-audit --no-fund \
 && npm rebuild better-sqlite3 esbuild
COPY build.mjs tsconfig.json ./
COPY src ./src
COPY scripts ./scripts
RUN node build.mjs \
 && npm prune --omit=dev --no-audit --no-fund \
 && npm cache clean --force
# The chromadb package's native server is only started when CHROMA_URL is unset.
ARG LOCAL_CHROMA=true
RUN if [ "$LOCAL_CHROMA" != "true" ]; then rm -rf node_modules/chromadb-js-bindings-*; fi

# ---- runtime: node_modules, the build and the migrations; no sources, tests or tools -----------
FROM ${NODE_IMAGE}
# MALLOC_ARENA_MAX as `npm start` sets it (package.json; README "Performance").
ENV NODE_ENV=production \
    MALLOC_ARENA_MAX=2 \
    PORT=8787 \
    DATA_DIR=/data \
    npm_config_cache=/tmp/.npm \
    npm_config_update_notifier=false
WORKDIR /app
# Everything under /app stays owned by root: the `node` user can read it but never change it.
COPY --from=build /app/node_modules ./node_modules
COPY --from=build /app/dist ./dist
COPY package.json package-lock.json ./
COPY migrations ./migrations
RUN mkdir -p /data && chown node:node /data
USER node
VOLUME ["/data"]
EXPOSE 8787
# The slim image has no curl: Node's own fetch asks /health (200 only when the database, Chroma
# and Ollama all answer).
HEALTHCHECK --interval=30s --timeout=5s --start-period=60s --retries=3 \
  CMD ["node", "-e", "fetch('http://127.0.0.1:'+(process.env.PORT||8787)+'/health',{signal:AbortSignal.timeout(4000)}).then(r=>process.exit(r.ok?0:1),()=>process.exit(1))"]
# What `npm start` runs, without the npm wrapper process, so that SIGTERM reaches the service
# itself and it shuts down cleanly (final edits, Chroma stopped).
CMD ["node", "--enable-source-maps", "dist/main.js"]
