import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { NextConfig } from 'next';

// The app imports the shared contract (../domain) and data layer (../db) from outside web/, and
// node_modules live at the repository root: both the bundler and file tracing start there.
const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '..');

const nextConfig: NextConfig = {
  turbopack: { root: repoRoot },
  outputFileTracingRoot: repoRoot,
  // Native or Node-only packages stay real `require`s on the server instead of being bundled.
  serverExternalPackages: ['pg', 'kysely', '@temporalio/client', '@temporalio/common', '@temporalio/proto', 'better-auth'],
  poweredByHeader: false,
  reactStrictMode: true,
};

export default nextConfig;
