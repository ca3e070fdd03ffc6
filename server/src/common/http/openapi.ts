import { applyDecorators } from '@nestjs/common';
import { ApiExtension, ApiParam, ApiQuery, ApiBody, type OpenAPIObject } from '@nestjs/swagger';
import { z } from 'zod';

type JsonSchema = Record<string, unknown>;

export function toOpenApi(schema: z.ZodType): JsonSchema {
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

/** Where ApiOperationPerValue leaves its instructions for expandOperationsPerValue. */
const PER_VALUE = 'x-linli-operation-per-value';

interface PerValue {
  param: string;
  operations: Record<string, { summary: string; body: JsonSchema; bodyRequired: boolean }>;
}

/**
 * One route whose path parameter picks the body (`/requests/{id}/actions/{action}`): OpenAPI
 * cannot tie a parameter's value to a body schema, so the document gets one operation per
 * value instead (`/requests/{id}/actions/accept`, …), each with its own body, all served by
 * the one route. Takes effect in expandOperationsPerValue, run on the built document.
 */
export function ApiOperationPerValue(
  param: string,
  bodies: Record<string, z.ZodType>,
  summaries: Record<string, string>,
) {
  const operations: PerValue['operations'] = {};
  for (const [value, schema] of Object.entries(bodies)) {
    // An empty body means "no body" (the JSON parser): a body with nothing required may be left out.
    const body = toOpenApi(schema);
    operations[value] = { summary: summaries[value], body, bodyRequired: !schema.safeParse({}).success };
  }
  return applyDecorators(
    ApiParam({ name: param, enum: Object.keys(bodies) }),
    ApiExtension(PER_VALUE, { param, operations } satisfies PerValue),
  );
}

type Operation = Record<string, unknown> & { parameters?: { name: string; in: string }[] };

export function expandOperationsPerValue(document: OpenAPIObject): OpenAPIObject {
  const paths: OpenAPIObject['paths'] = {};
  for (const [path, item] of Object.entries(document.paths)) {
    const expanded = Object.entries(item).find(
      ([, operation]) => typeof operation === 'object' && operation !== null && PER_VALUE in operation,
    );
    if (!expanded) {
      paths[path] = item;
      continue;
    }
    const [method, template] = expanded as [string, Operation];
    const { [PER_VALUE]: instructions, ...operation } = template;
    const { param, operations } = instructions as PerValue;
    if (Object.keys(item).length > 1 || !path.includes(`{${param}}`)) {
      throw new Error(`ApiOperationPerValue: ${path} must have only the one operation with {${param}} in its path`);
    }
    for (const [value, { summary, body, bodyRequired }] of Object.entries(operations)) {
      paths[path.replace(`{${param}}`, value)] = {
        [method]: {
          ...operation,
          operationId: `${String(operation.operationId)}_${value}`,
          summary,
          parameters: operation.parameters?.filter(
            (parameter) => !(parameter.in === 'path' && parameter.name === param),
          ),
          requestBody: { required: bodyRequired, content: { 'application/json': { schema: body } } },
        },
      };
    }
  }
  return { ...document, paths };
}
