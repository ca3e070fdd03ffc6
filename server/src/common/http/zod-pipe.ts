import { Injectable, type PipeTransform } from '@nestjs/common';
import { formatZodIssues } from '@linli/shared';
import type { z } from 'zod';
import { AppError } from '../errors/app-error';

/** Validates a body or query with a schema from `@linli/shared`: the same rules and messages as the mini-app. */
@Injectable()
export class ZodPipe<S extends z.ZodType> implements PipeTransform<unknown, z.output<S>> {
  constructor(private readonly schema: S) {}

  transform(value: unknown): z.output<S> {
    const result = this.schema.safeParse(value ?? {});
    if (!result.success) throw AppError.validation(formatZodIssues(result.error));
    return result.data;
  }
}

/** Path ids: a non-number is a 404 like any unknown id, not a 500 from the database. */
@Injectable()
export class IdPipe implements PipeTransform<string, number> {
  constructor(private readonly what: string) {}

  transform(value: string): number {
    const id = Number(value);
    if (!/^\d{1,15}$/.test(value) || !Number.isSafeInteger(id) || id < 1) throw AppError.notFound(this.what);
    return id;
  }
}
