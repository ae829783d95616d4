import { format, type Lang, type Params, type Text } from '../i18n/lang.js';

/**
 * One entry of an error catalogue: a stable code, its message and an optional hint a person can act on,
 * each in every language, and the HTTP status the API answers with.
 */
export interface ErrorDef {
  readonly code: string;
  readonly message: Text;
  readonly hint?: Text;
  readonly status?: number;
}

/** Declares a module's error catalogue; the type keeps every entry complete in every language. */
export function defineErrors<const T extends Record<string, ErrorDef>>(defs: T): T {
  return defs;
}

/** A problem with one input field, as reported to the CLI and the API. */
export interface FieldIssue {
  readonly field: string;
  readonly code: string;
  readonly message: Text;
  readonly params?: Params;
}

export interface DrobotErrorOptions {
  readonly params?: Params;
  readonly field?: string;
  readonly issues?: readonly FieldIssue[];
  readonly cause?: unknown;
  readonly retryable?: boolean;
  /** The server's own words (a protocol reply), shown as they came. Never contains a secret. */
  readonly serverReply?: string;
  /** The protocol step the error happened in, e.g. `tls` or `auth`. */
  readonly step?: string;
}

export interface RenderedIssue {
  readonly field: string;
  readonly code: string;
  readonly message: string;
}

/** The shape an error takes in CLI JSON output and API responses. */
export interface RenderedError {
  readonly code: string;
  readonly message: string;
  readonly hint?: string;
  readonly field?: string;
  readonly step?: string;
  readonly serverReply?: string;
  readonly issues?: readonly RenderedIssue[];
}

/** The one error type of DRobot: a catalogue entry plus what happened. */
export class DrobotError extends Error {
  readonly code: string;
  readonly def: ErrorDef;
  readonly params: Params;
  readonly field: string | undefined;
  readonly issues: readonly FieldIssue[];
  readonly retryable: boolean;
  readonly serverReply: string | undefined;
  readonly step: string | undefined;

  constructor(def: ErrorDef, options: DrobotErrorOptions = {}) {
    super(
      format(def.message, 'en', options.params),
      options.cause === undefined ? {} : { cause: options.cause },
    );
    this.name = 'DrobotError';
    this.code = def.code;
    this.def = def;
    this.params = options.params ?? {};
    this.field = options.field;
    this.issues = options.issues ?? [];
    this.retryable = options.retryable ?? false;
    this.serverReply = options.serverReply;
    this.step = options.step;
  }

  get status(): number {
    return this.def.status ?? 400;
  }

  render(lang: Lang): RenderedError {
    const rendered: {
      code: string;
      message: string;
      hint?: string;
      field?: string;
      step?: string;
      serverReply?: string;
      issues?: RenderedIssue[];
    } = { code: this.code, message: format(this.def.message, lang, this.params) };
    if (this.def.hint) rendered.hint = format(this.def.hint, lang, this.params);
    if (this.field) rendered.field = this.field;
    if (this.step) rendered.step = this.step;
    if (this.serverReply) rendered.serverReply = this.serverReply;
    if (this.issues.length > 0) {
      rendered.issues = this.issues.map((issue) => ({
        field: issue.field,
        code: issue.code,
        message: format(issue.message, lang, { field: issue.field, ...issue.params }),
      }));
    }
    return rendered;
  }
}

export function isDrobotError(error: unknown): error is DrobotError {
  return error instanceof DrobotError;
}
