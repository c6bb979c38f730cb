import { access, chmod, constants, mkdir, readdir, rename, rm, writeFile } from 'node:fs/promises';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { parseConfig } from '../domain/config';
import { BuildCommandError, runBuildCommand } from './support/build-command';
import { withDirLock } from './support/dir-lock';
import { formatSeconds, logStep } from './support/log';

/**
 * Finds or builds the two Temporal servers the product and the tests need, in this order:
 *   1. an explicit path from the environment (TEMPORAL_CLI_PATH / TEMPORAL_TEST_SERVER_PATH);
 *   2. a previous build cached outside the clone, under ~/.cache/openlines;
 *   3. a build from package registries (Go module proxy for the CLI, Maven Central for the
 *      Java time-skipping test server), because the SDK's own download needs the open internet;
 *   4. for the `*Executable()` helpers only: the SDK's own download, as a last resort.
 */

/** v1.5.1 is the newest CLI tag whose go.mod has no `replace` directive, so `go install` accepts it. */
export const TEMPORAL_CLI_VERSION = 'v1.5.1';
export const TEMPORAL_TEST_SERVER_VERSION = '1.31.0';

const CACHE_DIR = join(homedir(), '.cache', 'openlines');
const CLI_BIN_DIR = join(CACHE_DIR, 'bin');
const CACHED_CLI_PATH = join(CLI_BIN_DIR, 'temporal');
const TEST_SERVER_DIR = join(CACHE_DIR, 'test-server', TEMPORAL_TEST_SERVER_VERSION);
const CACHED_TEST_SERVER_PATH = join(TEST_SERVER_DIR, 'temporal-test-server');

/** The `server.executable` shape accepted by @temporalio/testing's environments. */
export type ServerExecutable = { type: 'existing-path'; path: string } | { type: 'cached-download' };

/** A path the user configured explicitly is wrong: report it rather than quietly use another binary. */
export class ConfiguredPathError extends Error {}

export async function ensureTemporalCli(): Promise<string> {
  const fromEnv = parseConfig(process.env).TEMPORAL_CLI_PATH;
  if (fromEnv) return assertConfiguredPath(fromEnv, 'TEMPORAL_CLI_PATH');
  if (await isExecutable(CACHED_CLI_PATH)) return CACHED_CLI_PATH;
  return withDirLock(join(CACHE_DIR, '.lock-cli'), async () => {
    if (await isExecutable(CACHED_CLI_PATH)) return CACHED_CLI_PATH; // built while we waited
    await buildTemporalCli();
    return CACHED_CLI_PATH;
  });
}

export async function ensureTemporalTestServer(): Promise<string> {
  const fromEnv = parseConfig(process.env).TEMPORAL_TEST_SERVER_PATH;
  if (fromEnv) return assertConfiguredPath(fromEnv, 'TEMPORAL_TEST_SERVER_PATH');
  if (await isExecutable(CACHED_TEST_SERVER_PATH)) return CACHED_TEST_SERVER_PATH;
  return withDirLock(join(CACHE_DIR, '.lock-test-server'), async () => {
    if (await isExecutable(CACHED_TEST_SERVER_PATH)) return CACHED_TEST_SERVER_PATH;
    await buildTemporalTestServer();
    return CACHED_TEST_SERVER_PATH;
  });
}

export async function devServerExecutable(): Promise<ServerExecutable> {
  return existingPathOrDownload('Temporal CLI', ensureTemporalCli);
}

export async function testServerExecutable(): Promise<ServerExecutable> {
  return existingPathOrDownload('Temporal test server', ensureTemporalTestServer);
}

async function existingPathOrDownload(
  what: string,
  ensure: () => Promise<string>,
): Promise<ServerExecutable> {
  try {
    return { type: 'existing-path', path: await ensure() };
  } catch (error) {
    if (error instanceof ConfiguredPathError) throw error;
    logStep('temporal', `could not find or build the ${what}: ${firstLine(error)}`);
    logStep('temporal', `falling back to the SDK's own download of the ${what} (needs internet)`);
    return { type: 'cached-download' };
  }
}

async function buildTemporalCli(): Promise<void> {
  const startedAt = Date.now();
  logStep(
    'temporal',
    `building Temporal CLI ${TEMPORAL_CLI_VERSION} from the Go module proxy (first time only, a few minutes)…`,
  );
  await mkdir(CLI_BIN_DIR, { recursive: true });
  const env = { ...process.env, GOBIN: CLI_BIN_DIR };
  const module = `github.com/temporalio/cli/cmd/temporal@${TEMPORAL_CLI_VERSION}`;
  try {
    await runBuildCommand('temporal', 'go', ['install', module], { env });
  } catch (error) {
    // Newer Go toolchains refuse some of the CLI's dependencies' //go:linkname tricks.
    if (!(error instanceof BuildCommandError) || !/linkname/i.test(error.output)) throw error;
    logStep('temporal', 'retrying the build with -ldflags=-checklinkname=0 (Go linkname restriction)');
    await runBuildCommand('temporal', 'go', ['install', '-ldflags=-checklinkname=0', module], { env });
  }
  await assertExecutable(CACHED_CLI_PATH, 'the freshly built Temporal CLI');
  logStep('temporal', `built ${CACHED_CLI_PATH}`, startedAt);
}

/**
 * Resolves the Java test server's runtime classpath from Maven Central into the cache directory and
 * writes a wrapper script that stands in for the SDK's native test-server binary. The wrapper `exec`s
 * java so the SDK's kill reaches the JVM itself.
 */
async function buildTemporalTestServer(): Promise<void> {
  const startedAt = Date.now();
  logStep(
    'temporal',
    `fetching Temporal test server ${TEMPORAL_TEST_SERVER_VERSION} from Maven Central (first time only, about a minute)…`,
  );
  await rm(TEST_SERVER_DIR, { recursive: true, force: true });
  await mkdir(TEST_SERVER_DIR, { recursive: true });
  await writeFile(join(TEST_SERVER_DIR, 'pom.xml'), testServerPom());
  await runBuildCommand(
    'temporal',
    'mvn',
    ['-B', '-ntp', 'dependency:copy-dependencies', '-DoutputDirectory=lib', '-DincludeScope=runtime'],
    { cwd: TEST_SERVER_DIR },
  );
  const jars = await readdir(join(TEST_SERVER_DIR, 'lib'));
  if (!jars.some((jar) => jar.startsWith('temporal-test-server-'))) {
    throw new Error(`Maven did not deliver temporal-test-server into ${TEST_SERVER_DIR}/lib`);
  }
  // Written under a temporary name and renamed, so a half-finished build is never mistaken for a cached one.
  const partial = `${CACHED_TEST_SERVER_PATH}.partial`;
  await writeFile(partial, testServerWrapper());
  await chmod(partial, 0o755);
  await rename(partial, CACHED_TEST_SERVER_PATH);
  logStep('temporal', `built ${CACHED_TEST_SERVER_PATH} (${formatSeconds(Date.now() - startedAt)})`);
}

function testServerPom(): string {
  // slf4j-nop silences SLF4J's "no binding" warning on every test-server start.
  return `<project xmlns="http://maven.apache.org/POM/4.0.0">
  <modelVersion>4.0.0</modelVersion>
  <groupId>openlines.local</groupId>
  <artifactId>temporal-test-server-runtime</artifactId>
  <version>1</version>
  <packaging>pom</packaging>
  <dependencies>
    <dependency>
      <groupId>io.temporal</groupId>
      <artifactId>temporal-test-server</artifactId>
      <version>${TEMPORAL_TEST_SERVER_VERSION}</version>
    </dependency>
    <dependency>
      <groupId>org.slf4j</groupId>
      <artifactId>slf4j-nop</artifactId>
      <version>1.7.36</version>
    </dependency>
  </dependencies>
</project>
`;
}

function testServerWrapper(): string {
  // C1-only JIT and the serial GC keep the JVM light on a 2-core machine shared with test workers;
  // the test server does little work per test, so peak throughput does not matter.
  return `#!/bin/sh
# Temporal time-skipping test server ${TEMPORAL_TEST_SERVER_VERSION} (Java), built by scripts/temporal-binaries.ts.
# Usage: temporal-test-server <port>
DIR="$(cd "$(dirname "$0")" && pwd)"
JAVA="\${JAVA_HOME:+$JAVA_HOME/bin/}java"
exec "$JAVA" -XX:TieredStopAtLevel=1 -XX:+UseSerialGC -cp "$DIR/lib/*" io.temporal.testserver.TestServer "$@"
`;
}

async function isExecutable(path: string): Promise<boolean> {
  try {
    await access(path, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

async function assertConfiguredPath(path: string, variable: string): Promise<string> {
  if (!(await isExecutable(path))) throw new ConfiguredPathError(`${variable}: ${path} is not an executable file`);
  return path;
}

async function assertExecutable(path: string, source: string): Promise<string> {
  if (!(await isExecutable(path))) throw new Error(`${source} (${path}) is not an executable file`);
  return path;
}

function firstLine(error: unknown): string {
  return (error instanceof Error ? error.message : String(error)).split('\n')[0] ?? '';
}

// Run directly (`tsx scripts/temporal-binaries.ts`) to prepare both binaries ahead of time.
if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const startedAt = Date.now();
  logStep('temporal', `CLI: ${await ensureTemporalCli()}`, startedAt);
  logStep('temporal', `test server: ${await ensureTemporalTestServer()}`, startedAt);
}
