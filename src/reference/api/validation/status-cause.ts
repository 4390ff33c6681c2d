// One field error as kube-apiserver reports it in a 422 Status: the reason
// (field.ErrorType), the field path, and the message body without the field
// ("Required value", "Invalid value: \"x\": <why>", ...).
import { goQuote, renderBadValue } from './bad-value.ts';

export type CauseReason =
  | 'FieldValueRequired'
  | 'FieldValueInvalid'
  | 'FieldValueNotSupported'
  | 'FieldValueDuplicate'
  | 'FieldValueTooLong'
  | 'FieldValueForbidden'
  | 'FieldValueTypeInvalid'
  | 'FieldValueNotFound';

export interface StatusCause {
  reason: CauseReason;
  message: string;
  field: string;
}

function body(head: string, detail: string): string {
  return detail ? `${head}: ${detail}` : head;
}

export function required(field: string, detail = ''): StatusCause {
  return { reason: 'FieldValueRequired', field, message: body('Required value', detail) };
}

export function invalid(field: string, value: unknown, detail: string): StatusCause {
  return { reason: 'FieldValueInvalid', field, message: body(`Invalid value: ${renderBadValue(value)}`, detail) };
}

export function notSupported(field: string, value: unknown, supported: readonly string[]): StatusCause {
  const detail = supported.length ? `supported values: ${supported.map(goQuote).join(', ')}` : '';
  return { reason: 'FieldValueNotSupported', field, message: body(`Unsupported value: ${renderBadValue(value)}`, detail) };
}

export function duplicate(field: string, value: unknown): StatusCause {
  return { reason: 'FieldValueDuplicate', field, message: `Duplicate value: ${renderBadValue(value)}` };
}

export function notFound(field: string, value: unknown, detail = ''): StatusCause {
  return { reason: 'FieldValueNotFound', field, message: body(`Not found: ${renderBadValue(value)}`, detail) };
}

/** The value is never shown; the limit is in bytes. */
export function tooLong(field: string, maxBytes: number): StatusCause {
  return { reason: 'FieldValueTooLong', field, message: `Too long: may not be more than ${maxBytes} ${maxBytes === 1 ? 'byte' : 'bytes'}` };
}

export function forbidden(field: string, detail: string): StatusCause {
  return { reason: 'FieldValueForbidden', field, message: body('Forbidden', detail) };
}

export function typeInvalid(field: string, value: unknown, detail: string): StatusCause {
  return { reason: 'FieldValueTypeInvalid', field, message: body(`Invalid value: ${renderBadValue(value)}`, detail) };
}

/** The error as it appears in a Status message: "<field>: <body>". */
export function causeText(cause: StatusCause): string {
  return `${cause.field}: ${cause.message}`;
}
