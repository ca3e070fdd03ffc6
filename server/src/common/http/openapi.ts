import { applyDecorators } from '@nestjs/common';
import { ApiBody, ApiQuery } from '@nestjs/swagger';
import { z } from 'zod';

type JsonSchema = Record<string, unknown>;

function toOpenApi(schema: z.ZodType): JsonSchema {
  const json = z.toJSONSchema(schema, { io: 'input', unrepresentable: 'any', target: 'openapi-3.0' }) as JsonSchema;
  delete json.$schema;
  return json;
}

/** Documents a body with the same zod schema that validates it, so the OpenAPI contract cannot drift. */
export function ApiZodBody(schema: z.ZodType, description?: string) {
  return ApiBody({ schema: toOpenApi(schema), description });
}

export function ApiZodQuery(schema: z.ZodObject) {
  const json = toOpenApi(schema) as { properties?: Record<string, JsonSchema>; required?: string[] };
  return applyDecorators(
    ...Object.entries(json.properties ?? {}).map(([name, property]) =>
      ApiQuery({ name, required: json.required?.includes(name) ?? false, schema: property }),
    ),
  );
}
