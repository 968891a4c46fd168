import type { FieldError } from '@collabo/service-kit';
import { getMetadataStorage, ValidationTypes } from 'class-validator';

/**
 * The nested objects a validated contract instance lacks. class-validator skips `@ValidateNested()` on a
 * missing value unless the property also says `@IsDefined()`, which the contracts do not: a ProposalDecidedV1
 * without its `proposal` passes. Staff previews check for it here, so that they get a 400 naming the field,
 * not an email that cannot be rendered. Field names follow the kit's (`attendees.0.registration`).
 */
export function missingNestedObjects(instance: object, path = '', depth = 0): FieldError[] {
  if (depth > 20) return [];
  const metadata = getMetadataStorage().getTargetValidationMetadatas(instance.constructor, '', true, false);
  const optional = new Set(metadata.filter((m) => m.type === ValidationTypes.CONDITIONAL_VALIDATION).map((m) => m.propertyName));
  const nested = new Set(metadata.filter((m) => m.type === ValidationTypes.NESTED_VALIDATION).map((m) => m.propertyName));
  const out: FieldError[] = [];
  for (const property of nested) {
    const value = (instance as Record<string, unknown>)[property];
    const field = path ? `${path}.${property}` : property;
    if (value === undefined || value === null) {
      if (!optional.has(property)) out.push({ field, message: `${property} is required` });
      continue;
    }
    const children: [unknown, string][] = Array.isArray(value) ? value.map((v, i) => [v, `${field}.${i}`]) : [[value, field]];
    for (const [child, childField] of children) {
      if (child !== null && typeof child === 'object') out.push(...missingNestedObjects(child, childField, depth + 1));
    }
  }
  return out;
}
