# LabelArena: one image for the server (default command), the worker and the one-shot migrate/seed.
# TypeScript runs through tsx (no compile step); the client is built into dist/client.
FROM node:20-bookworm-slim

# openssl: Prisma's CLI probes it to detect the platform during `prisma generate`.
RUN apt-get update \
  && apt-get install -y --no-install-recommends openssl ca-certificates \
  && rm -rf /var/lib/apt/lists/*

WORKDIR /app
RUN chown node:node /app
USER node

# Dependencies first, so this layer is reused until the lockfile or the schema changes. npm ci's
# postinstall runs `prisma generate` (the npm script points PRISMA_SCHEMA_ENGINE_BINARY at a failing
# executable: no native schema engine is needed; migrations use the Wasm engine in prisma/migrate.ts).
# NODE_ENV is set only after this step: with NODE_ENV=production npm ci would skip Vite and the types.
COPY --chown=node:node package.json package-lock.json prisma.config.ts ./
COPY --chown=node:node prisma/schema.prisma prisma/schema.prisma
RUN npm ci --no-audit --no-fund

COPY --chown=node:node . .
# Made here, owned by node, so the named volume mounted on it is writable by the app.
RUN npx vite build && mkdir -p /app/data/media

ENV NODE_ENV=production \
    PORT=3000
EXPOSE 3000
# One process (no tsx wrapper) so that SIGTERM from `docker stop` reaches the server's handler.
CMD ["node", "--import", "tsx", "server/cluster.ts"]
