import { InputError, NotAllowedError } from '@backstage/errors';
import { FieldError } from '@internal/plugin-load-testing-common';

/** A 400 that names the fields at fault, so forms can show each message in place. */
export class ValidationError extends InputError {
  readonly fields: FieldError[];

  constructor(fields: FieldError[]) {
    super(fields.map(f => `${f.field} ${f.message}`).join('; '));
    this.name = 'InputError';
    this.fields = fields;
  }
}

export function throwIfInvalid(fields: FieldError[]): void {
  if (fields.length > 0) throw new ValidationError(fields);
}

/** A 403 that still names the field whose value a policy refused. */
export class RefusedError extends NotAllowedError {
  readonly fields: FieldError[];

  constructor(message: string, fields: FieldError[]) {
    super(message);
    this.name = 'NotAllowedError';
    this.fields = fields;
  }
}
