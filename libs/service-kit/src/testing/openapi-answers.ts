/**
 * Checks real answers against the OpenAPI document a service publishes (its `/docs-json`), so that what the console's
 * generated types say is what the routes answer. `openApiProblems` validates a value against a response schema: every
 * object closed (a property the document does not declare fails, unless `additionalProperties`), types, `nullable`,
 * required properties, enums, `oneOf` (exactly one branch), `anyOf`, `allOf` and the formats uuid, date and date-time.
 */

export interface OpenApiSchema {
  $ref?: string;
  type?: 'string' | 'number' | 'integer' | 'boolean' | 'array' | 'object';
  format?: string;
  enum?: unknown[];
  nullable?: boolean;
  items?: OpenApiSchema;
  properties?: Record<string, OpenApiSchema>;
  required?: string[];
  additionalProperties?: boolean | OpenApiSchema;
  allOf?: OpenApiSchema[];
  oneOf?: OpenApiSchema[];
  anyOf?: OpenApiSchema[];
}
export type OpenApiOperation = { responses: Record<string, { content?: Record<string, { schema?: OpenApiSchema }> }> };
export interface OpenApiAnswerDocument {
  paths: Record<string, Record<string, OpenApiOperation>>;
  components: { schemas: Record<string, OpenApiSchema> };
}

const FORMATS: Record<string, RegExp> = {
  uuid: /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i,
  date: /^\d{4}-\d{2}-\d{2}$/,
  'date-time': /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$/,
};

/**
 * What is wrong with `value` against `schema` (the OpenAPI 3.0 keywords Nest's swagger module writes), one
 * `<path>: <problem>` line each; empty when it matches. `nullable` on a property holds for its `$ref`/`allOf` too, as
 * openapi-typescript reads it. (Small on purpose: no JSON Schema validator is among the services' dependencies.)
 */
export function openApiProblems(schema: OpenApiSchema, value: unknown, components: Record<string, OpenApiSchema>, at = '$'): string[] {
  if (schema.$ref) {
    const target = components[schema.$ref.replace('#/components/schemas/', '')];
    return target ? openApiProblems(target, value, components, at) : [`${at}: ${schema.$ref} is not in the document`];
  }
  if (value === null) return schema.nullable ? [] : [`${at}: null where the document says not nullable`];
  const found: string[] = [];
  for (const part of schema.allOf ?? []) found.push(...openApiProblems(part, value, components, at));
  if (schema.oneOf) {
    const matching = schema.oneOf.filter((branch) => openApiProblems(branch, value, components, at).length === 0).length;
    if (matching !== 1) found.push(`${at}: matches ${matching} oneOf branches, not exactly one`);
  }
  if (schema.anyOf && !schema.anyOf.some((branch) => openApiProblems(branch, value, components, at).length === 0))
    found.push(`${at}: matches no anyOf branch`);
  if (schema.enum && !schema.enum.includes(value))
    found.push(`${at}: ${JSON.stringify(value)} is not one of ${JSON.stringify(schema.enum)}`);
  switch (schema.type ?? (schema.properties ? 'object' : undefined)) {
    case 'string':
      if (typeof value !== 'string') found.push(`${at}: ${JSON.stringify(value)} is not a string`);
      else if (schema.format && FORMATS[schema.format] && !FORMATS[schema.format]!.test(value))
        found.push(`${at}: ${JSON.stringify(value)} is not a ${schema.format}`);
      break;
    case 'number':
      if (typeof value !== 'number' || !Number.isFinite(value)) found.push(`${at}: ${JSON.stringify(value)} is not a number`);
      break;
    case 'integer':
      if (!Number.isInteger(value)) found.push(`${at}: ${JSON.stringify(value)} is not an integer`);
      break;
    case 'boolean':
      if (typeof value !== 'boolean') found.push(`${at}: ${JSON.stringify(value)} is not a boolean`);
      break;
    case 'array':
      if (!Array.isArray(value)) found.push(`${at}: not an array`);
      else if (schema.items) value.forEach((item, i) => found.push(...openApiProblems(schema.items!, item, components, `${at}[${i}]`)));
      break;
    case 'object': {
      if (typeof value !== 'object' || Array.isArray(value)) {
        found.push(`${at}: not an object`);
        break;
      }
      const record = value as Record<string, unknown>;
      for (const key of schema.required ?? []) if (!(key in record)) found.push(`${at}: ${key} is missing`);
      for (const [key, v] of Object.entries(record)) {
        const declared = schema.properties?.[key];
        if (declared) found.push(...openApiProblems(declared, v, components, `${at}.${key}`));
        else if (typeof schema.additionalProperties === 'object')
          found.push(...openApiProblems(schema.additionalProperties, v, components, `${at}.${key}`));
        else if (schema.additionalProperties !== true && (schema.properties || schema.allOf === undefined))
          found.push(`${at}: ${key} is not in the document`);
      }
      break;
    }
  }
  return found;
}

/** The JSON schema `document` declares for the answer of `method path` at `status`, if any. */
export function declaredAnswerSchema(
  document: OpenApiAnswerDocument,
  method: string,
  path: string,
  status: number,
): OpenApiSchema | undefined {
  return document.paths[path]?.[method]?.responses[String(status)]?.content?.['application/json']?.schema;
}

/** Every operation (`METHOD /path`) whose 2xx answer the document describes as JSON: what a suite must check. */
export function documentedAnswerOperations(document: OpenApiAnswerDocument): string[] {
  return Object.entries(document.paths).flatMap(([path, operations]) =>
    Object.entries(operations)
      .filter(([, op]) =>
        Object.entries(op.responses).some(([status, res]) => status.startsWith('2') && res.content?.['application/json']?.schema),
      )
      .map(([method]) => `${method.toUpperCase()} ${path}`),
  );
}

/** What `answerProblems` reads of an HTTP answer (a supertest `Response` has it). */
export interface HttpAnswer {
  status: number;
  text: string;
  body: unknown;
}

/**
 * The problems of an answer of `method path` against the schema `document` declares for its status (`[]`: as
 * documented); throws when the document declares no JSON schema for that status. The route (`METHOD /path`) goes into
 * `checked`, for the suite's test that every documented operation was checked.
 */
export function answerProblems(
  document: OpenApiAnswerDocument,
  res: HttpAnswer,
  method: string,
  path: string,
  checked?: Set<string>,
): { route: string; problems: string[] } {
  const route = `${method.toUpperCase()} ${path}`;
  const declared = declaredAnswerSchema(document, method, path, res.status);
  if (!declared) throw new Error(`${route} declares no JSON schema for ${res.status}: ${res.text.slice(0, 300)}`);
  checked?.add(route);
  return { route, problems: openApiProblems(declared, res.body, document.components.schemas) };
}
