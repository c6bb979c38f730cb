import type { z } from 'zod';
import { AppError } from '../../../domain/errors';

export type InputPart = 'path' | 'query' | 'body';

/** Parses one part of a request; a refusal names the first invalid field and how to fix it. */
export function parseInput<S extends z.ZodType>(schema: S, value: unknown, where: InputPart): z.output<S> {
  const result = schema.safeParse(value);
  if (result.success) return result.data;
  const issue = result.error.issues[0];
  const field = issue?.path.map(String).join('.') || where;
  throw new AppError('BAD_REQUEST', issue ? `${field}: ${issue.message}` : `The ${where} is invalid.`, field);
}
