# One image for every service; its command chooses which:
#   docker build -t ops-center .
#   docker run ops-center node services/webhook/dist/main.js     (user, org, subscription, device, webhook, gateway)
# infra/compose/compose.yaml runs the whole platform from it. Built against the public node image; on a machine
# without a registry, infra/images/make-base-images.sh makes a stand-in under the same name.
FROM node:20-bookworm-slim AS build
RUN npm install --global --silent pnpm@12.4.2
WORKDIR /src
COPY . .
RUN --mount=type=cache,id=ops-center-pnpm,target=/pnpm-store \
    pnpm install --frozen-lockfile --store-dir /pnpm-store \
 && pnpm exec tsc -b services/user services/org services/subscription services/device services/webhook services/gateway \
 && pnpm --filter @ops/console run build
# Production dependencies of the six services and the libraries they use (not the test kit), assembled in /app
# with the compiled code and the migrations.
RUN --mount=type=cache,id=ops-center-pnpm,target=/pnpm-store \
    rm -rf node_modules */node_modules */*/node_modules \
 && pnpm install --frozen-lockfile --prod --offline --store-dir /pnpm-store \
      --filter '@ops/*-service' --filter './libs/*' --filter '!@ops/testing' \
 && mkdir /app && cp -a --parents package.json node_modules apps/console/dist /app \
 && for dir in libs/* services/*; do \
      if [ ! -d "$dir/dist" ]; then continue; fi; \
      for part in package.json dist drizzle node_modules; do \
        if [ -e "$dir/$part" ]; then cp -a --parents "$dir/$part" /app; fi; \
      done; \
    done

FROM node:20-bookworm-slim
# The V8 heap is capped: sized from the machine's memory (4 GiB on 24 GiB), V8 lets garbage pile up and the
# webhook service peaked near 370 MiB in a burst; under this cap it stays near 210 MiB at no measured CPU cost
# (docs/operations.md, "Memory"). The cap also bounds what the service may hold: see there for large events.
ENV NODE_ENV=production \
    HOST=0.0.0.0 \
    DATA_DIR=/data \
    NODE_OPTIONS=--max-old-space-size=512
WORKDIR /app
COPY --from=build /app /app
COPY infra/images/healthcheck.mjs /app/healthcheck.mjs
# The code stays root's and read-only to the service; only DATA_DIR is its own (generated keys when none are given).
RUN mkdir /data && chown node:node /data
USER node
EXPOSE 8081 8082 8084 8085 8086 8087
STOPSIGNAL SIGTERM
CMD ["node", "services/gateway/dist/main.js"]
