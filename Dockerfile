# Storefleet image: Next.js's standalone output as `npm run build` (scripts/build.sh) lays it out:
# the portal (`node dist/portal.mjs`, server.ts bundled), the worker (`node dist/worker.mjs`) and
# the migration runner (`node dist/migrate.mjs`) from the same image; charts/storefleet picks the
# command. Not built in this repository's CI or dev VM (no container builder, no internet there);
# tests/worker/image-layout.test.ts runs that same build output there, read-only and unprivileged.
# Node.js 22 (maintenance LTS; 20 left support in April 2026). The bundles target Node 20 (the
# oldest the project supports, package.json engines), so they run on either.
FROM node:22-bookworm-slim AS build
WORKDIR /app
COPY package.json package-lock.json ./
# postinstall runs `prisma generate`, which needs the schema.
COPY prisma ./prisma
COPY prisma.config.ts ./
RUN npm ci
COPY . .
# db:generate gives prisma a placeholder DATABASE_URL, so it does not look for a native engine.
RUN npm run db:generate
# next.config.ts validates the environment at build time; these placeholders exist only for
# this RUN step and are never part of the image.
RUN DATABASE_URL=postgresql://build:build@127.0.0.1:5432/build AUTH_SECRET=build-time-placeholder-not-a-secret-000 \
    npm run build

FROM node:22-bookworm-slim
ARG HELM_VERSION=4.3.1
ARG TARGETARCH=amd64
# The worker drives the Helm 4 CLI. The checksum file comes from the same origin, so it catches
# a corrupt download, not a malicious one: pin HELM_SHA256 to a value you verified to close that.
ARG HELM_SHA256=""
RUN apt-get update && apt-get install -y --no-install-recommends ca-certificates curl \
 && curl -fsSLo /tmp/helm.tgz "https://get.helm.sh/helm-v${HELM_VERSION}-linux-${TARGETARCH}.tar.gz" \
 && sum="${HELM_SHA256:-$(curl -fsSL "https://get.helm.sh/helm-v${HELM_VERSION}-linux-${TARGETARCH}.tar.gz.sha256sum" | cut -d' ' -f1)}" \
 && echo "${sum}  /tmp/helm.tgz" | sha256sum -c - \
 && tar -xzf /tmp/helm.tgz -C /usr/local/bin --strip-components=1 "linux-${TARGETARCH}/helm" \
 && rm /tmp/helm.tgz && apt-get purge -y curl && apt-get autoremove -y && rm -rf /var/lib/apt/lists/*
WORKDIR /app
ENV NODE_ENV=production HOME=/tmp
# Only the build output: the server's traced node_modules, the bundles, the migrations and the
# store chart the worker installs. Owned by root, so the running user cannot change it.
COPY --from=build --chown=root:root /app/.next/standalone /app
# uid 1000 = the image's `node` user; the chart's securityContext runs as it with a read-only root
# (emptyDirs on /tmp and /app/.next/cache).
USER 1000:1000
EXPOSE 3000 9464
CMD ["node", "dist/portal.mjs"]
