# Storefleet image: the portal (`node --import tsx server.ts`, see server.ts) and the worker (`node
# dist/worker.mjs`, bundled by `npm run build:worker`) run from the same image; charts/storefleet
# picks the command.
# Not built in this repository's CI or dev VM (no container builder, no internet there).
FROM node:20-bookworm-slim AS build
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
    npx next build
# The worker as one JavaScript file (no TypeScript transpiler in the running process: a third
# less memory).
RUN npm run build:worker

FROM node:20-bookworm-slim
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
# Whole app with its node_modules: the portal runs server.ts through tsx, the worker reads
# charts/woocommerce-store at run time.
COPY --from=build --chown=root:root /app /app
# uid 1000 = the image's `node` user; the chart's securityContext runs as it with a read-only root.
USER 1000:1000
EXPOSE 3000 9464
CMD ["node", "--import", "tsx", "server.ts"]
