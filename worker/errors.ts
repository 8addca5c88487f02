import { type ErrorBody, type ErrorCode, HTTP_STATUS } from '../shared/protocol';

/** The one error type the Worker throws on purpose: a closed code, an HTTP status and whether to retry. */
export class ParleyError extends Error {
  readonly code: ErrorCode;
  readonly retryable: boolean;
  readonly retryAfter: number | undefined;

  constructor(code: ErrorCode, message: string, opts: { retryable?: boolean; retryAfter?: number; cause?: unknown } = {}) {
    super(message, { cause: opts.cause });
    this.name = 'ParleyError';
    this.code = code;
    this.retryable = opts.retryable ?? false;
    this.retryAfter = opts.retryAfter;
  }

  get status(): number {
    return HTTP_STATUS[this.code];
  }

  toBody(): ErrorBody {
    const error: ErrorBody['error'] = { code: this.code, message: this.message, retryable: this.retryable };
    if (this.retryAfter !== undefined) error.retryAfter = this.retryAfter;
    return { error };
  }
}

/** Anything thrown that is not a ParleyError becomes `internal`, without leaking its message. */
export function toParleyError(err: unknown): ParleyError {
  if (err instanceof ParleyError) return err;
  return new ParleyError('internal', 'Something went wrong on our side.', { retryable: true, cause: err });
}
