import { parseArgs } from 'node:util';
import { parseConfig } from '../domain/config';
import { migrateDown, migrateToLatest } from './migrate';

// Used by the docker-compose `migrate` service and `npm run migrate` against an external database;
// `npm run migrate -- --down` undoes the latest applied migration (one step of a rollback).
const { values } = parseCommandLine();
const config = parseConfig(process.env);
if (!config.DATABASE_URL) {
  console.error('DATABASE_URL: must be set to migrate an external database (npm start migrates the embedded one itself)');
  process.exit(1);
}
try {
  if (values.down) {
    const undone = await migrateDown(config.DATABASE_URL);
    console.log(undone ? `migration ${undone} undone` : 'no migration is applied: nothing to undo');
  } else {
    await migrateToLatest(config.DATABASE_URL);
    console.log('migrations applied');
  }
} catch (error) {
  // A migration that refuses (a down step that would lose data says why) rolls back whole: nothing changed.
  console.error(`${values.down ? 'undoing the latest migration' : 'migrating'} failed, and changed nothing: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
}

function parseCommandLine() {
  try {
    return parseArgs({ options: { down: { type: 'boolean', default: false } } });
  } catch (error) {
    console.error(`${error instanceof Error ? error.message : String(error)}\n  Usage: npm run migrate (all pending migrations), or npm run migrate -- --down (undo the latest applied one)`);
    process.exit(2);
  }
}
