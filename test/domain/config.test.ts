import { describe, expect, it } from 'vitest';
import { ConfigError, parseConfig } from '../../domain/config';

describe('configuration', () => {
  it('runs on embedded defaults when nothing is set', () => {
    const config = parseConfig({});
    expect(config.DATABASE_URL).toBeUndefined();
    expect(config.TEMPORAL_ADDRESS).toBeUndefined();
    expect(config.PORT).toBe(3000);
    expect(config.TEMPORAL_TASK_QUEUE).toBe('openlines-dialogs');
  });

  it('treats empty variables as unset', () => {
    expect(parseConfig({ DATABASE_URL: '' }).DATABASE_URL).toBeUndefined();
  });

  it('names every bad variable and what it must be', () => {
    let error: unknown;
    try {
      parseConfig({ DATABASE_URL: 'mysql://x', TEMPORAL_ADDRESS: 'localhost', PORT: 'eighty' });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ConfigError);
    const message = (error as Error).message;
    expect(message).toContain('DATABASE_URL: must be a postgres:// or postgresql:// connection URL');
    expect(message).toContain('TEMPORAL_ADDRESS: must be host:port');
    expect(message).toContain('PORT:');
  });

  it('runs the worker and Temporal at nice 10 unless BACKGROUND_NICE says otherwise, within what nice allows', () => {
    expect(parseConfig({}).BACKGROUND_NICE).toBe(10);
    expect(parseConfig({ BACKGROUND_NICE: '0' }).BACKGROUND_NICE).toBe(0);
    expect(() => parseConfig({ BACKGROUND_NICE: '20' })).toThrow('BACKGROUND_NICE: must be at most 19, the lowest priority there is');
    expect(() => parseConfig({ BACKGROUND_NICE: '-5' })).toThrow('BACKGROUND_NICE: must be 0 (no lower priority) or more');
    expect(() => parseConfig({ BACKGROUND_NICE: 'low' })).toThrow('BACKGROUND_NICE: must be a whole number from 0 to 19, e.g. 10');
  });
});
