import { isDrobotError } from '../../errors/drobot-error.js';
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
  return error.def === httpErrors.unauthorized || error.code === 'oauth_authorization_required';
}
