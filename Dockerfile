# syntax=docker/dockerfile:1
# One image for both app processes; docker-compose.yml picks the command:
#   web:     next start web          (default CMD)
#   worker:  tsx worker/main.ts
#   migrate: tsx db/migrate-cli.ts

FROM node:20-bookworm-slim AS deps
WORKDIR /app
# patches/ first: npm ci's postinstall applies them (patch-package) to the installed dependencies.
COPY package.json package-lock.json ./
COPY patches ./patches
# No fallback: the lock lists every platform's packages, so npm ci refuses only a lock out of sync.
RUN npm ci --no-audit --no-fund

FROM deps AS build
ENV NEXT_TELEMETRY_DISABLED=1
COPY . .
RUN node_modules/.bin/next build web

# Production dependencies only; tsx is one of them because the worker runs TypeScript directly.
FROM node:20-bookworm-slim AS runtime-deps
WORKDIR /app
COPY package.json package-lock.json ./
COPY patches ./patches
RUN npm ci --omit=dev --no-audit --no-fund

FROM node:20-bookworm-slim AS runtime
ENV NODE_ENV=production NEXT_TELEMETRY_DISABLED=1 PORT=3000
WORKDIR /app
COPY --from=runtime-deps /app/node_modules ./node_modules
COPY . .
COPY --from=build /app/web/.next ./web/.next
# Files' bytes when no S3 bucket is configured (DATA_DIR/files); compose mounts a volume shared by web and worker here.
RUN mkdir -p /data/files && chown -R node:node /data
USER node
EXPOSE 3000
HEALTHCHECK --interval=10s --timeout=5s --start-period=30s \
  CMD node -e "fetch('http://127.0.0.1:'+(process.env.PORT||3000)+'/api/health').then(r=>process.exit(r.ok?0:1),()=>process.exit(1))"
CMD ["node_modules/.bin/next", "start", "web"]
