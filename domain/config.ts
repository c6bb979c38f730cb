import { z } from 'zod';
import { isKnownTimeZone } from './availability';
import { parseInternalHostAllowList } from './network/internal-host-allow-list';
import { trustedProxiesProblem } from './client-address';

/**
 * Every process (start script, web, worker, bench, tests) reads its configuration through this one
 * schema. Unset DATABASE_URL / TEMPORAL_ADDRESS mean "start the embedded server"; the start script
 * then fills them in for the child processes it spawns.
 */
const port = z.coerce.number().int().min(1).max(65535);

/**
 * Measured with `npm run bench:open-dialogs` (10,000 open dialogs, every deadline timer armed): the
 * dialog workflows share one copy of zod and the domain modules (workflows/preload.ts), so a cached
 * dialog holds little, and 500 keep a busy hour's active dialogs in memory (no replay on each
 * message) while the idle rest is evicted. The SDK's own default grows with the heap limit (about
 * 2,300 on Node's 4 GiB default).
 */
export const DEFAULT_MAX_CACHED_WORKFLOWS = 500;

/**
 * The worker's V8 heap limit, MiB (node --max-old-space-size). With Node's default here (about
 * 4 GiB) V8 lets garbage pile up before collecting it: 10,000 open dialogs on one worker settled
 * at 787 MiB RSS (peak 901); with 256 MiB, at 473 MiB (peak 484), the ramp 40% faster (83 against
 * 59 dialogs/s) and 500 cached dialogs still fit (npm run bench:open-dialogs).
 */
export const DEFAULT_WORKER_HEAP_MIB = 256;
/**
 * The nice value `npm start` and the benches run the worker and the embedded Temporal server at
 * (BACKGROUND_NICE): under a full CPU, the web server and PostgreSQL, which every request waits on,
 * go first. Measured with `npm run bench` on 2 cores at 20 new dialogs/s: with both at 0, each
 * process in its own scheduling group got an equal share, and the web server's event loop fell
 * seconds behind (first message → offer p50 2.3–3.8 s); at 10, 0.11–0.33 s.
 */
export const DEFAULT_BACKGROUND_NICE = 10;
/** Hard ceiling of open dialogs per operator, across all lines (MAX_OPEN_DIALOGS_PER_OPERATOR). */
export const DEFAULT_MAX_OPEN_DIALOGS_PER_OPERATOR = 1000;

export const configSchema = z.object({
  NODE_ENV: z.enum(['development', 'production', 'test']).default('development'),
  DATA_DIR: z.string().min(1).default('.data'),
  DATABASE_URL: z
    .string()
    .regex(/^postgres(ql)?:\/\//, 'must be a postgres:// or postgresql:// connection URL')
    .optional(),
  EMBEDDED_PG_PORT: port.default(54320),
  /**
   * Whether each connection keeps the statements it runs again and again parsed (prepared), so
   * PostgreSQL does not parse and analyse them on every run (db/prepared-statements.ts). `off` for
   * a PgBouncer in transaction mode older than 1.21, which cannot carry them between connections.
   */
  DATABASE_PREPARED_STATEMENTS: z.enum(['on', 'off'], { error: 'must be on or off' }).default('on'),
  TEMPORAL_ADDRESS: z
    .string()
    .regex(/^[^\s:/]+:\d+$/, 'must be host:port, e.g. localhost:7233')
    .optional(),
  TEMPORAL_NAMESPACE: z.string().min(1).default('default'),
  TEMPORAL_TASK_QUEUE: z.string().min(1).default('openlines-dialogs'),
  TEMPORAL_DEV_PORT: port.default(7233),
  TEMPORAL_UI_PORT: port.default(8233),
  TEMPORAL_CLI_PATH: z.string().min(1).optional(),
  TEMPORAL_TEST_SERVER_PATH: z.string().min(1).optional(),
  PORT: port.default(3000),
  PUBLIC_URL: z.string().url('must be an absolute URL such as http://localhost:3000').optional(),
  OPENLINES_SECRET: z
    .string()
    .min(32, 'must be at least 32 characters (e.g. `openssl rand -hex 32`)')
    .optional(),
  /** Requests per minute one public REST API key may make (README "Public API"). */
  API_RATE_LIMIT_PER_MINUTE: z.coerce.number().int().min(1).max(1_000_000).default(600),
  MAX_OPEN_DIALOGS_PER_OPERATOR: z.coerce.number().int().min(1).max(100_000).default(DEFAULT_MAX_OPEN_DIALOGS_PER_OPERATOR),
  /** When the daily return of dialogs left with users who left the queue runs (SPEC §4 rule 5). */
  DAILY_RETURN_AT: z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'must be a time of day as HH:MM, e.g. 03:00').default('03:00'),
  DAILY_RETURN_TIME_ZONE: z.string().refine(isKnownTimeZone, 'must be an IANA time zone, e.g. UTC or Europe/Berlin').default('UTC'),
  /**
   * Hosts or networks a flow's HTTP node may reach although they are internal (loopback, private,
   * link-local…): comma-separated host names, IP addresses or CIDR ranges. Empty: none.
   */
  HTTP_ALLOWED_INTERNAL_HOSTS: z
    .string()
    .superRefine((value, context) => {
      const parsed = parseInternalHostAllowList(value);
      if (!parsed.ok) context.addIssue({ code: 'custom', message: parsed.problem });
    })
    .default(''),
  /**
   * Reverse proxies whose X-Forwarded-For is believed: comma-separated IP addresses or CIDR ranges.
   * Empty (default): the socket's address is the client's.
   */
  TRUSTED_PROXIES: z
    .string()
    .superRefine((value, ctx) => {
      const problem = trustedProxiesProblem(value);
      if (problem) ctx.addIssue({ code: 'custom', message: problem });
    })
    .default(''),
  /** Bearer token that guards /api/metrics (and the worker's metrics port); unset: metrics are off. */
  METRICS_TOKEN: z.string().min(16, 'must be at least 16 characters').optional(),
  /** Port of the worker's Prometheus metrics endpoint; unset: the worker serves no metrics. */
  WORKER_METRICS_PORT: port.optional(),
  /**
   * How many dialog workflows one worker keeps in memory between their tasks (Temporal's sticky
   * cache). More: fewer replays; fewer: less memory — an evicted workflow replays its history on
   * its next task. The SDK's own default grows with the heap limit (about 2,300 on a 4 GiB heap).
   */
  WORKER_MAX_CACHED_WORKFLOWS: z.coerce.number().int().min(0).max(100_000).default(DEFAULT_MAX_CACHED_WORKFLOWS),
  /**
   * Whether dialog workflows answer Temporal's stack-trace query (the "Stack Trace" tab of the
   * Temporal UI, `temporal workflow stack`): `on` to see where running workflows wait while
   * debugging one. Off by default: the SDK captures a stack trace for every promise a workflow
   * creates to answer it: about 5 of the worker's 40 ms of CPU per new dialog (npm run bench).
   */
  WORKER_WORKFLOW_STACK_TRACES: z.enum(['on', 'off'], { error: 'must be on or off' }).default('off'),
  /**
   * The worker process's heap limit in MiB, given to Node as --max-old-space-size by whatever starts
   * the worker (npm start, the benches; compose sets NODE_OPTIONS). Raise it with the cache size.
   */
  WORKER_HEAP_MIB: z.coerce
    .number({ error: 'must be a whole number of MiB, e.g. 256' })
    .int('must be a whole number of MiB, e.g. 256')
    .min(128, 'must be at least 128 (MiB); the default, 256, holds 10,000 open dialogs with 500 cached')
    .max(65_536, 'must be at most 65536 (MiB)')
    .default(DEFAULT_WORKER_HEAP_MIB),
  /**
   * The CPU priority (nice, 0–19) the start script gives the worker and the embedded Temporal dev
   * server, below the web server and PostgreSQL; 0 runs everything alike.
   */
  BACKGROUND_NICE: z.coerce
    .number({ error: 'must be a whole number from 0 to 19, e.g. 10' })
    .int('must be a whole number from 0 to 19, e.g. 10')
    .min(0, 'must be 0 (no lower priority) or more')
    .max(19, 'must be at most 19, the lowest priority there is')
    .default(DEFAULT_BACKGROUND_NICE),
  /**
   * S3-compatible storage for files (AWS S3, MinIO, Ceph, R2…). Unset S3_BUCKET: files are kept on
   * disk under DATA_DIR/files. The other S3_* variables need S3_BUCKET (checked by parseConfig).
   */
  S3_BUCKET: z
    .string()
    .regex(/^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/, 'must be a bucket name: 3–63 lowercase letters, digits, dots and hyphens, e.g. openlines-files')
    .optional(),
  /** Unset: AWS S3 itself. Set for any other S3-compatible server. */
  S3_ENDPOINT: z
    .string()
    .regex(/^https?:\/\/[^\s/]+/, 'must be an absolute http(s) URL such as https://s3.example.com or http://minio:9000')
    .optional(),
  S3_REGION: z.string().regex(/^[a-z0-9-]+$/, 'must be a region name such as us-east-1').optional(),
  S3_ACCESS_KEY_ID: z.string().min(1).optional(),
  S3_SECRET_ACCESS_KEY: z.string().min(1).optional(),
  /** `true` for servers that address buckets as https://host/bucket (MinIO and most self-hosted ones). */
  S3_FORCE_PATH_STYLE: z.enum(['true', 'false', '1', '0'], { error: 'must be true or false' }).optional(),
});

export type AppConfig = z.infer<typeof configSchema>;

export class ConfigError extends Error {
  constructor(readonly problems: { variable: string; message: string }[]) {
    super(
      'Invalid configuration:\n' +
        problems.map((p) => `  ${p.variable}: ${p.message}`).join('\n'),
    );
    this.name = 'ConfigError';
  }
}

/** Parses the environment; empty strings count as unset. Throws ConfigError naming each bad variable. */
export function parseConfig(env: Record<string, string | undefined>): AppConfig {
  const cleaned = Object.fromEntries(
    Object.entries(env).filter(([, v]) => v !== undefined && v !== ''),
  );
  const result = configSchema.safeParse(cleaned);
  if (!result.success) {
    throw new ConfigError(
      result.error.issues.map((i) => ({ variable: String(i.path[0] ?? '?'), message: i.message })),
    );
  }
  const storageProblems = fileStorageProblems(result.data);
  if (storageProblems.length > 0) throw new ConfigError(storageProblems);
  return result.data;
}

const S3_VARIABLES = ['S3_ENDPOINT', 'S3_REGION', 'S3_ACCESS_KEY_ID', 'S3_SECRET_ACCESS_KEY', 'S3_FORCE_PATH_STYLE'] as const;

/** The S3_* variables that only make sense together. */
function fileStorageProblems(config: AppConfig): { variable: string; message: string }[] {
  const problems: { variable: string; message: string }[] = [];
  const given = S3_VARIABLES.filter((name) => config[name] !== undefined);
  if (!config.S3_BUCKET && given.length > 0) {
    problems.push({ variable: 'S3_BUCKET', message: `must be set when ${given.join(', ')} ${given.length === 1 ? 'is' : 'are'} set (the bucket files are kept in); unset them all to keep files on disk under DATA_DIR` });
  }
  if (config.S3_ACCESS_KEY_ID && !config.S3_SECRET_ACCESS_KEY) problems.push({ variable: 'S3_SECRET_ACCESS_KEY', message: 'must be set together with S3_ACCESS_KEY_ID' });
  if (config.S3_SECRET_ACCESS_KEY && !config.S3_ACCESS_KEY_ID) problems.push({ variable: 'S3_ACCESS_KEY_ID', message: 'must be set together with S3_SECRET_ACCESS_KEY' });
  return problems;
}

/** Where files' bytes are kept: on disk under DATA_DIR/files, or in an S3-compatible bucket when S3_BUCKET is set. */
export type FileStorageSettings =
  | { kind: 'disk'; directory: string }
  | {
      kind: 's3';
      bucket: string;
      endpoint?: string;
      region: string;
      forcePathStyle: boolean;
      /** Unset: the AWS SDK's own chain (AWS_* variables, instance roles…). */
      credentials?: { accessKeyId: string; secretAccessKey: string };
    };

export function fileStorageSettings(config: AppConfig): FileStorageSettings {
  if (!config.S3_BUCKET) return { kind: 'disk', directory: `${config.DATA_DIR.replace(/[/\\]+$/, '')}/files` };
  return {
    kind: 's3',
    bucket: config.S3_BUCKET,
    ...(config.S3_ENDPOINT ? { endpoint: config.S3_ENDPOINT } : {}),
    region: config.S3_REGION ?? 'us-east-1',
    forcePathStyle: config.S3_FORCE_PATH_STYLE === 'true' || config.S3_FORCE_PATH_STYLE === '1',
    ...(config.S3_ACCESS_KEY_ID && config.S3_SECRET_ACCESS_KEY
      ? { credentials: { accessKeyId: config.S3_ACCESS_KEY_ID, secretAccessKey: config.S3_SECRET_ACCESS_KEY } }
      : {}),
  };
}

/** Development and tests run without configuring a secret; production never uses this public value. */
const DEVELOPMENT_SECRET = 'openlines-development-only-secret-never-use-in-production';

/**
 * OPENLINES_SECRET, from which every signing and encryption key is derived for its own purpose
 * (sessions, widget tokens, channel secrets, file links). Web server and worker must share it.
 * In production it must be set: the error names the variable, the fix and what needs it.
 */
export function appSecret(config: Pick<AppConfig, 'NODE_ENV' | 'OPENLINES_SECRET'>, neededFor: string): string {
  if (config.OPENLINES_SECRET) return config.OPENLINES_SECRET;
  if (config.NODE_ENV === 'production') {
    throw new Error(`OPENLINES_SECRET: must be set in production (at least 32 characters, e.g. \`openssl rand -hex 32\`); it ${neededFor}`);
  }
  return DEVELOPMENT_SECRET;
}

export function publicUrl(config: AppConfig): string {
  return config.PUBLIC_URL ?? `http://localhost:${config.PORT}`;
}
