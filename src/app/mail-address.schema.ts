import { validationTexts } from '../errors/validation.js';
import { isMailAddress } from '../transports/mime/mail-address.js';
import * as z from './zod.js';

/**
 * A mail address as DRobot sends to it (see mail-address.ts): an internationalized one too, which
 * `z.email()` refuses, so that every place an administrator types an address takes what the outbox sends.
 */
export function mailAddressSchema() {
  return z
    .string()
    .max(320)
    .refine((value) => isMailAddress(value.trim()), {
      params: { code: 'invalid_format', text: validationTexts.email },
    });
}
