FROM node:20-bookworm-slim AS build
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci
COPY tsconfig.json tsconfig.build.json nest-cli.json ./
COPY src ./src
COPY migrations ./migrations
RUN npm run build && npm prune --omit=dev

FROM node:20-bookworm-slim
ENV NODE_ENV=production
WORKDIR /app
COPY --from=build /app/node_modules ./node_modules
COPY --from=build /app/dist ./dist
COPY package.json ./
# Owned by the app's user, so that a volume mounted here (AUDIT_CHECKPOINT_DIR) is writable.
RUN mkdir -p var/audit-checkpoints && chown node:node var/audit-checkpoints
USER node
EXPOSE 3000
# As npm run serve: the API's V8 heap at most 192 MB (README, "Memory").
CMD ["node", "--max-old-space-size=192", "dist/src/main.js"]
