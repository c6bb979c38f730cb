import { dirname, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { NextConfig } from 'next';
import { PHASE_PRODUCTION_SERVER } from 'next/constants';
import createNextIntlPlugin from 'next-intl/plugin';



// The app imports the shared contract (../domain) and data layer (../db) from outside web/, and
// node_modules live at the repository root: both the bundler and file tracing start there.
const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '..');

// Texts in the user's language: web/i18n/request.ts picks the language and its messages per request.
// The plugin checks the path from the directory `next` runs in (the repository root for
// `next build web`), but Turbopack resolves the alias it sets from the app's directory (web/), and
// cannot take an absolute path: so the check gets the one, and the alias the other.
const requestConfigFromApp = './i18n/request.ts';
function withNextIntl(config: NextConfig): NextConfig {
  const withPlugin = createNextIntlPlugin(`./${relative(process.cwd(), resolve(repoRoot, 'web', requestConfigFromApp))}`)(config);
  return { ...withPlugin, turbopack: { ...withPlugin.turbopack, resolveAlias: { ...withPlugin.turbopack?.resolveAlias, 'next-intl/config': requestConfigFromApp } } };
}

const nextConfig: NextConfig = {
  turbopack: { root: repoRoot },
  outputFileTracingRoot: repoRoot,
  // Native or Node-only packages stay real `require`s on the server instead of being bundled.
  serverExternalPackages: ['pg', 'kysely', '@temporalio/client', '@temporalio/common', '@temporalio/proto', 'better-auth', 'prom-client'],
  poweredByHeader: false,
  reactStrictMode: true,
  // web/proxy.ts runs before every route, and Next.js buffers a request body for it only up to
  // this size, cutting off the rest silently (default 10 MB). File uploads take up to 20 MB plus
  // multipart framing (MAX_UPLOAD_BYTES in domain/files.ts, which this file cannot import).
  experimental: { proxyClientMaxBodySize: '21mb' },
};

/**
 * Why the production server must not start, or null. Without OPENLINES_SECRET sessions and widget
 * tokens would be signed with a secret that is public in this repository. (This file cannot import
 * the app's TypeScript modules, so the length rule of domain/config.ts is repeated here.)
 */
function missingSecretProblem(secret: string | undefined): string | null {
  if (secret && secret.length >= 32) return null;
  return (
    `OPENLINES_SECRET: ${secret ? 'is shorter than 32 characters' : 'is not set'}; the production server needs it to sign sessions and widget visitor tokens.\n` +
    '  Fix: set it to at least 32 random characters, e.g. OPENLINES_SECRET=$(openssl rand -hex 32), and keep it (a new one signs every user out).\n' +
    '  `npm start` generates one into .data/secret by itself.'
  );
}

/**
 * `next start` loads this file before it serves anything, so the check is here: instrumentation.ts
 * `register()` runs only on the first request in production (next/dist/server/base-server.js).
 */
export default function configFor(phase: string): NextConfig {
  if (phase === PHASE_PRODUCTION_SERVER) {
    const problem = missingSecretProblem(process.env.OPENLINES_SECRET);
    if (problem) {
      console.error(`The web server cannot start.\n${problem}`);
      process.exit(1);
    }
  }
  return withNextIntl(nextConfig);
}
