import { DrobotError } from '../errors/drobot-error.js';
import { serverErrors } from './server.errors.js';

/** Thrown from the reviver to stop at the first forbidden key. */
class ForbiddenKey extends Error {
  constructor(readonly key: string) {
    super(key);
  }
}

/**
 * Why a JSON body the API's parser refused was refused, for the person who sent it: Fastify's secure parser
 * says only that the body is not valid JSON, whether it is broken or valid JSON with a key that could reach an
 * object's prototype (`__proto__`, or `constructor` holding `prototype`). Read again here, on refusal only.
 */
export function jsonBodyRefusal(text: string): DrobotError {
  try {
    JSON.parse(text, (key: string, value: unknown) => {
      if (key === '__proto__') throw new ForbiddenKey(key);
      if (key === 'constructor' && typeof value === 'object' && value !== null && 'prototype' in value) {
        throw new ForbiddenKey('constructor.prototype');
      }
      return value;
    });
  } catch (error) {
    if (error instanceof ForbiddenKey) {
      return new DrobotError(serverErrors.jsonForbiddenKey, { params: { key: error.key } });
    }
    // V8's own words (English, not for the caller): the end of the input, or where the error is, when it says.
    const said = error instanceof Error ? error.message : '';
    if (/end of JSON input/.test(said)) return new DrobotError(serverErrors.jsonTruncated);
    const found = /\bat position (\d+)/.exec(said)?.[1];
    if (found === undefined) return new DrobotError(serverErrors.jsonSyntax);
    const position = Number(found);
    // An error past the last character that is not a blank: the body stops short.
    if (position >= text.trimEnd().length) return new DrobotError(serverErrors.jsonTruncated);
    return new DrobotError(serverErrors.jsonSyntaxAt, { params: { position: position + 1 } });
  }
  // Valid JSON in which this reading finds no forbidden key, yet the parser refused it.
  return new DrobotError(serverErrors.jsonRefused);
}
