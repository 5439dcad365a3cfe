# syntax=docker/dockerfile:1
#
# askbot: the Discord interactions endpoint (plus the register, index and ask tools).
# Runs as the unprivileged `node` user and writes only to DATA_DIR (/data, a volume) and /tmp, so the
# container can run with a read-only root filesystem:
#   docker run --read-only --tmpfs /tmp -v askbot-data:/data --env-file .env -p 8787:8787 askbot
# Build without the bundled Chroma server (~420 MiB) when CHROMA_URL will always be set:
#   docker build --build-arg LOCAL_CHROMA=false -t askbot .
# See docs/deploy.md.

ARG NODE_IMAGE=node:20-bookworm-slim

# ---- dependencies: native modules are built here, with the build tools left behind ------------
FROM ${NODE_IMAGE} AS deps
WORKDIR /app
# better-sqlite3 compiles from source when no prebuilt binary fits the platform.
RUN apt-get update \
 && apt-get install -y --no-install-recommends python3 make g++ ca-certificates \
 && rm -rf /var/lib/apt/lists/*
COPY package.json package-lock.json ./
# tsx is a runtime dependency (the service runs its TypeScript directly), so dev dependencies go.
RUN npm ci --omit=dev --no-audit --no-fund \
 && npm cache clean --force
# The chromadb package's native server is only started when CHROMA_URL is unset.
ARG LOCAL_CHROMA=true
RUN if [ "$LOCAL_CHROMA" != "true" ]; then rm -rf node_modules/chromadb-js-bindings-*; fi

# ---- runtime ---------------------------------------------------------------------------------
FROM ${NODE_IMAGE}
ENV NODE_ENV=production \
    PORT=8787 \
    DATA_DIR=/data \
    npm_config_cache=/tmp/.npm \
    npm_config_update_notifier=false
WORKDIR /app
# Everything under /app stays owned by root: the `node` user can read it but never change it.
COPY --from=deps /app/node_modules ./node_modules
COPY package.json package-lock.json tsconfig.json ./
COPY migrations ./migrations
COPY scripts ./scripts
COPY src ./src
RUN mkdir -p /data && chown node:node /data
USER node
VOLUME ["/data"]
EXPOSE 8787
# The slim image has no curl: Node's own fetch asks /health (200 only when SQLite, Chroma and
# Ollama all answer).
HEALTHCHECK --interval=30s --timeout=5s --start-period=60s --retries=3 \
  CMD ["node", "-e", "fetch('http://127.0.0.1:'+(process.env.PORT||8787)+'/health',{signal:AbortSignal.timeout(4000)}).then(r=>process.exit(r.ok?0:1),()=>process.exit(1))"]
# `npm start` is `tsx src/main.ts`; run the same without the npm and tsx wrapper processes, so
# that SIGTERM reaches the service itself and it shuts down cleanly (final edits, Chroma stopped).
CMD ["node", "--import", "tsx", "src/main.ts"]
