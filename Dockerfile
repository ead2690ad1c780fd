# skiff's image: one image for both daemons and the CLI.
#   docker run ... skiff:dev server --data-dir /var/lib/skiff ...
#   docker run ... skiff:dev agent --server HOST:7443 --name node-1 ...
# docker-compose.yml runs a cluster of it; docs/containers.md explains both.
#
# Two stages, from one Node.js image chosen by NODE_IMAGE:
#   build    the runtime files in /src/skiff: npm ci, the build (gen-proto, tsc -b), then
#            `scripts/build-image.sh --assemble` (packages/*/dist, the package.json files, proto/,
#            node_modules without dev packages). Needs npm and the npm registry.
#   runtime  the Node.js image, plus iproute2 (the agent runs `ip addr`), plus /src/skiff of the
#            build stage as /opt/skiff, plus `skiff` on the PATH. Nothing of the build stage's
#            toolchain or dev packages.
#
#   docker build -t skiff:dev .                                       # node:20-slim
#   docker build --build-arg NODE_IMAGE=node:22-slim -t skiff:dev .
#
# With no registry, scripts/build-image.sh makes a Node.js base image from the machine's own
# node (skiff-base/node:20: no npm, no package manager), assembles the same files on the host, and
# runs this Dockerfile on a build context that holds them in skiff/ (with the package manifests):
#   docker build --target runtime --build-arg NODE_IMAGE=skiff-base/node:20 \
#     --build-arg SKIFF_PREBUILT=1 -f Dockerfile CONTEXT
# The build stage then skips npm ci and the build and only passes skiff/ on: the same stages, run
# by the classic builder as well as by BuildKit (Debian's docker.io 20.10 has no buildx).
ARG NODE_IMAGE=node:20-slim

# ---- stage 1: build ----
FROM ${NODE_IMAGE} AS build
# Set by scripts/build-image.sh: the runtime files are already in the build context, in skiff/.
ARG SKIFF_PREBUILT=
WORKDIR /src
# The manifests first, so that a source change does not reinstall every package.
COPY package.json package-lock.json ./
COPY packages/proto/package.json packages/proto/
COPY packages/api/package.json packages/api/
COPY packages/store/package.json packages/store/
COPY packages/server/package.json packages/server/
COPY packages/agent/package.json packages/agent/
COPY packages/client/package.json packages/client/
COPY packages/cli/package.json packages/cli/
COPY packages/dashboard/package.json packages/dashboard/
RUN if [ -z "$SKIFF_PREBUILT" ]; then npm ci --no-audit --no-fund --loglevel=error; fi
COPY . .
RUN if [ -n "$SKIFF_PREBUILT" ]; then \
      [ -f skiff/packages/cli/dist/main.js ] || { echo "SKIFF_PREBUILT is set but the context has no skiff/" >&2; exit 1; }; \
      echo "build: the files prepared by scripts/build-image.sh (skiff/ in the context)"; \
    else \
      bash scripts/gen-proto.sh \
      && npx --no-install tsc -b \
      && npm run --silent build -w @skiff/dashboard \
      && bash scripts/build-image.sh --assemble /src /src/skiff; \
    fi

# ---- stage 2: runtime ----
FROM ${NODE_IMAGE} AS runtime
# `ip` (iproute2) for the agent's Service addresses; the offline base already has it.
RUN if ! command -v ip >/dev/null 2>&1; then \
      apt-get update \
      && apt-get install -y --no-install-recommends iproute2 \
      && rm -rf /var/lib/apt/lists/*; \
    fi
# `skiff` on the PATH (for `docker exec`, healthchecks); node writes it: the offline base has no chmod.
RUN ["node", "-e", "require('fs').writeFileSync('/usr/local/bin/skiff', '#!/bin/sh\\nexec node /opt/skiff/packages/cli/dist/main.js \"$@\"\\n', { mode: 0o755 })"]
COPY --from=build /src/skiff/ /opt/skiff/
# Root: the agent needs the Docker socket and CAP_NET_ADMIN (`ip addr`), and binds port 53 on
# its bridge's gateway. The server needs neither and may run as any user owning --data-dir.
WORKDIR /var/lib/skiff
ENV NODE_ENV=production
# The V8 flags of packages/cli/src/node-flags.ts, for every skiff process of the image.
ENV NODE_OPTIONS=--max-semi-space-size=2
ENTRYPOINT ["node", "/opt/skiff/packages/cli/dist/main.js"]
CMD ["--help"]
