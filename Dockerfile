# syntax=docker/dockerfile:1
# Build stage: all dependencies, compile TypeScript, then drop the dev dependencies.
FROM node:24-bookworm-slim AS build
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund
COPY tsconfig.json tsconfig.build.json ./
COPY src ./src
RUN npm run build && npm prune --omit=dev

# Runtime stage: production dependencies, compiled code and migrations, as the non-root `node` user.
FROM node:24-bookworm-slim
ENV NODE_ENV=production
# Inside a container the servers listen on every interface; publishing a port is what exposes one.
ENV HOST=0.0.0.0
WORKDIR /app
COPY --from=build --chown=node:node /app/node_modules ./node_modules
COPY --from=build --chown=node:node /app/dist ./dist
COPY --chown=node:node package.json ./
COPY --chown=node:node drizzle ./drizzle
USER node
EXPOSE 3000 4010
# The role is the argument: api, worker, sim, migrate or all.
ENTRYPOINT ["node", "dist/src/main.js"]
CMD ["api"]
