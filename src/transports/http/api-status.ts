import { DrobotError, isDrobotError } from '../../errors/drobot-error.js';
import { httpErrors } from './http.errors.js';

/** The HTTP status and provider code of an error the API client raised for an answer; undefined otherwise. */
export function apiStatusOf(error: unknown): { status: number; code: string } | undefined {
  if (!isDrobotError(error)) return undefined;
  if (error.def !== httpErrors.status && error.def !== httpErrors.unauthorized) return undefined;
  return { status: Number(error.params.status), code: String(error.params.code ?? '') };
}

/** Whether an error means the account's authorization is gone (a refused token, a failed renewal). */
export function isAuthorizationError(error: unknown): boolean {
  if (!isDrobotError(error)) return false;
  return (
    error.def === httpErrors.unauthorized ||
    error.code === 'oauth_authorization_required' ||
    error.code === 'oauth_not_authorized'
  );
}

/** A download's 404 as the error that says the mail is gone (the caller skips it rather than retrying). */
export function goneOr(error: unknown, id: string): unknown {
  return apiStatusOf(error)?.status === 404
    ? new DrobotError(httpErrors.itemGone, { params: { id: id.slice(0, 200) }, cause: error })
    : error;
}
