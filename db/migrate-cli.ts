import { parseConfig } from '../domain/config';
import { migrateToLatest } from './migrate';

// Used by the docker-compose `migrate` service and `npm run migrate` against an external database.
const config = parseConfig(process.env);
if (!config.DATABASE_URL) {
  console.error('DATABASE_URL: must be set to migrate an external database (npm start migrates the embedded one itself)');
  process.exit(1);
}
await migrateToLatest(config.DATABASE_URL);
console.log('migrations applied');
