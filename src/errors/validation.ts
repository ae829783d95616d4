import type * as z from '../app/zod.js';
import type { Params, Text } from '../i18n/lang.js';
import { commonErrors } from './common.errors.js';
import { DrobotError, type FieldIssue } from './drobot-error.js';

const texts = {
  required: { es: 'El campo «{field}» es obligatorio.', en: 'The field "{field}" is required.' },
  type: {
    es: 'El campo «{field}» debe ser de tipo {expected}.',
    en: 'The field "{field}" must be of type {expected}.',
  },
  tooSmall: {
    es: 'El campo «{field}» debe ser como mínimo {limit}.',
    en: 'The field "{field}" must be at least {limit}.',
  },
  tooBig: {
    es: 'El campo «{field}» debe ser como máximo {limit}.',
    en: 'The field "{field}" must be at most {limit}.',
  },
  tooShort: {
    es: 'El campo «{field}» debe tener al menos {limit} caracteres.',
    en: 'The field "{field}" must have at least {limit} characters.',
  },
  tooLong: {
    es: 'El campo «{field}» admite como máximo {limit} caracteres.',
    en: 'The field "{field}" takes at most {limit} characters.',
  },
  notInteger: {
    es: 'El campo «{field}» debe ser un número entero.',
    en: 'The field "{field}" must be an integer.',
  },
  oneOf: {
    es: 'Valor no válido para «{field}»: use uno de {values}.',
    en: 'Invalid value for "{field}": use one of {values}.',
  },
  unknownField: {
    es: 'Campo desconocido: «{field}».',
    en: 'Unknown field: "{field}".',
  },
  email: {
    es: 'El campo «{field}» debe ser una dirección de correo electrónico.',
    en: 'The field "{field}" must be an e-mail address.',
  },
  pattern: {
    es: 'El campo «{field}» no tiene el formato esperado.',
    en: 'The field "{field}" does not have the expected format.',
  },
  format: {
    es: 'El campo «{field}» no tiene el formato esperado ({format}).',
    en: 'The field "{field}" does not have the expected format ({format}).',
  },
  datetime: {
    es: 'El campo «{field}» debe ser una fecha y hora ISO 8601, p. ej. 2026-12-05T10:30:00Z o 2026-12-05T11:30:00+01:00.',
    en: 'The field "{field}" must be an ISO 8601 date and time, e.g. 2026-12-05T10:30:00Z or 2026-12-05T11:30:00+01:00.',
  },
  invalid: { es: 'Valor no válido para «{field}».', en: 'Invalid value for "{field}".' },
  object: {
    es: '«{field}» debe ser un objeto JSON con los campos de la petición.',
    en: '"{field}" must be a JSON object with the fields of the request.',
  },
} satisfies Record<string, Text>;

/** The input as a whole (a request body, a query) when an issue is about it and not one of its fields. */
const ROOT = 'body';

function fieldOf(path: readonly PropertyKey[], root = ROOT): string {
  return path.map(String).join('.') || root;
}

/** Whether nothing was given at this path of the input (zod's issues do not carry the input). */
function missingAt(input: unknown, path: readonly PropertyKey[]): boolean {
  let value: unknown = input;
  for (const key of path) {
    if (value === null || typeof value !== 'object') return true;
    value = (value as Record<PropertyKey, unknown>)[key];
  }
  return value === undefined;
}

/**
 * Turns schema issues into field issues with texts in every language. A refinement can carry its own
 * text by passing `params: { text, ...values }`.
 */
export function issuesFromZod(
  error: z.ZodError,
  given?: { readonly input: unknown; readonly root?: string },
): FieldIssue[] {
  const issues: FieldIssue[] = [];
  const root = given?.root ?? ROOT;
  for (const issue of error.issues) {
    const field = fieldOf(issue.path, root);
    // A field nobody gave is "required", whatever the check that noticed it.
    const missing = given ? missingAt(given.input, issue.path) : issue.input === undefined;
    if (
      missing &&
      issue.path.length > 0 &&
      (issue.code === 'invalid_type' || issue.code === 'invalid_value')
    ) {
      issues.push({ field, code: 'required', message: texts.required });
      continue;
    }
    switch (issue.code) {
      case 'invalid_type': {
        const notAnObject = issue.path.length === 0 && issue.expected === 'object';
        issues.push({
          field,
          code: notAnObject ? 'invalid_type' : missing ? 'required' : 'invalid_type',
          message: notAnObject ? texts.object : missing ? texts.required : texts.type,
          params: { expected: issue.expected },
        });
        break;
      }
      case 'too_small': {
        const isString = issue.origin === 'string';
        issues.push({
          field,
          code: 'too_small',
          message: isString ? texts.tooShort : texts.tooSmall,
          params: { limit: Number(issue.minimum) },
        });
        break;
      }
      case 'too_big': {
        const isString = issue.origin === 'string';
        issues.push({
          field,
          code: 'too_big',
          message: isString ? texts.tooLong : texts.tooBig,
          params: { limit: Number(issue.maximum) },
        });
        break;
      }
      case 'invalid_value':
        issues.push({
          field,
          code: 'invalid_value',
          message: texts.oneOf,
          params: { values: issue.values.map((v) => String(v)).join(', ') },
        });
        break;
      case 'unrecognized_keys':
        for (const key of issue.keys) {
          issues.push({
            field: fieldOf([...issue.path, key], root),
            code: 'unknown_field',
            message: texts.unknownField,
          });
        }
        break;
      case 'invalid_format':
        issues.push({
          field,
          code: 'invalid_format',
          // A pattern's name ("regex") tells a person nothing: a schema that can say more gives its own text.
          message:
            issue.format === 'email'
              ? texts.email
              : issue.format === 'regex'
                ? texts.pattern
                : issue.format === 'datetime'
                  ? texts.datetime
                  : texts.format,
          params: { format: issue.format },
        });
        break;
      case 'not_multiple_of':
        issues.push({ field, code: 'not_integer', message: texts.notInteger });
        break;
      case 'custom': {
        const params = (issue.params ?? {}) as { text?: Text; code?: string } & Record<string, unknown>;
        const { text, code, ...rest } = params;
        issues.push({
          field,
          code: code ?? 'invalid',
          message: text ?? texts.invalid,
          params: rest as Params,
        });
        break;
      }
      default:
        issues.push({ field, code: 'invalid', message: texts.invalid });
    }
  }
  return issues;
}

/** One validation error carrying every field issue at once. */
export function validationError(issues: readonly FieldIssue[]): DrobotError {
  const first = issues[0];
  return new DrobotError(commonErrors.validation, {
    issues,
    field: first?.field,
    params: { summary: issues.map((i) => i.field).join(', ') },
  });
}

/** Parses input with a schema; on failure throws one validation error naming every bad field. */
export function parseOrThrow<S extends z.ZodType>(schema: S, input: unknown, root = ROOT): z.output<S> {
  const result = schema.safeParse(input);
  if (result.success) return result.data;
  throw validationError(issuesFromZod(result.error, { input, root }));
}

/** A refinement text helper: `ctx.addIssue(customIssue(path, text, 'code'))`. */
export function fieldIssue(field: string, code: string, message: Text, params?: Params): FieldIssue {
  return params ? { field, code, message, params } : { field, code, message };
}

/** The texts of field issues, for a refinement that reports one of the usual kinds (an address, say). */
export const validationTexts: Readonly<typeof texts> = texts;
