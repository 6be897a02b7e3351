# syntax=docker/dockerfile:1
# Commonpurse, production-like image. One image runs every process; the command picks which:
#   node dist/apps/api/src/main.js        the API and web pages (default)
#   node dist/apps/worker/src/main.js     queues, scheduler, outbox relay
#   node dist/apps/cli/src/main.js migrate
# docker-compose.yml shows them wired to PostgreSQL, Redis and an SMTP server.

# ---- build: every dependency, then `nest build` into dist/ ----
FROM node:20-bookworm-slim AS build
WORKDIR /app
# @scarf/scarf (a dependency of a dependency) reports installs over the network; not from our builds.
ENV SCARF_ANALYTICS=false
COPY package.json package-lock.json ./
# `npm install`, not `npm ci`: the lockfile is made on a machine whose registry lacks the optional
# native packages of other platforms, so npm must be free to resolve this platform's ones.
RUN npm install --no-audit --no-fund
COPY . .
RUN npm run build
# What the runtime reads: the compiled code, plus the templates and translations that are read from
# the source tree (see libs/kernel/src/paths.ts: nest-cli.json marks the project root). Gathered by
# pattern so that a new module's views and i18n come along without editing this file.
RUN set -eu; \
    mkdir /runtime; \
    cp -r --parents nest-cli.json dist /runtime/; \
    for dir in apps/*/src/views apps/*/src/i18n libs/*/src/http/views libs/*/src/i18n libs/kernel/src/web; do \
      if [ -d "$dir" ]; then cp -r --parents "$dir" /runtime/; fi; \
    done

# ---- runtime: production dependencies, compiled code, templates; runs as `node` ----
FROM node:20-bookworm-slim AS runtime
ENV NODE_ENV=production \
    SCARF_ANALYTICS=false \
    PORT=3000
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm install --omit=dev --no-audit --no-fund && npm cache clean --force
# Files stay owned by root: the app reads them, never writes them.
COPY --from=build /runtime/ ./
# Uploads are the one thing the app writes: a directory of its own, mounted as a volume (STORAGE_DIR).
RUN mkdir -p /data/uploads && chown node:node /data/uploads
USER node
EXPOSE 3000
# Liveness only (/health answers without touching the database); /health/ready checks PostgreSQL.
HEALTHCHECK --interval=30s --timeout=5s --start-period=30s --retries=3 \
  CMD ["node", "-e", "fetch('http://127.0.0.1:' + (process.env.PORT || 3000) + '/health').then((r) => process.exit(r.ok ? 0 : 1), () => process.exit(1))"]
CMD ["node", "dist/apps/api/src/main.js"]
