import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { errorCodes } from 'fastify';
import type { DrobotError } from '../../src/errors/drobot-error.js';
import { toDrobotError } from '../../src/server/framework-errors.js';

const CONTEXT = { bodyLimit: 65536, contentType: 'application/json' };

/** The error as the client sees it, in both languages, with its status. */
function shown(error: DrobotError) {
  return { status: error.status, es: error.render('es'), en: error.render('en') };
}

/** An error as a stream or a library gives it: an English message and a status. */
function withStatus(message: string, statusCode: number): Error {
  return Object.assign(new Error(message), { statusCode });
}

describe('an error the framework throws reaches the client in DRobot’s words only', () => {
  it('a client error DRobot has no entry for keeps its status, with DRobot’s words for it', () => {
    const answer = shown(toDrobotError(new errorCodes.FST_ERR_CTP_INVALID_CONTENT_LENGTH(), CONTEXT));
    assert.equal(answer.status, 400);
    assert.equal(answer.es.code, 'request_refused');
    assert.equal(answer.es.message, 'Solicitud rechazada (HTTP 400): la solicitud está mal formada.');
    assert.equal(answer.en.message, 'Request refused (HTTP 400): the request is malformed.');
    assert.match(answer.es.hint ?? '', /\/api\/openapi\.json describe cada ruta/);
    assert.doesNotMatch(JSON.stringify(answer), /did not match|FST_/);

    const aborted = shown(toDrobotError(withStatus('aborted', 400), CONTEXT));
    assert.equal(aborted.en.message, 'Request refused (HTTP 400): the request is malformed.');
    const tooMany = shown(toDrobotError(withStatus('Rate limit exceeded, retry in 1 minute', 429), CONTEXT));
    assert.equal(tooMany.status, 429);
    assert.equal(
      tooMany.es.message,
      'Solicitud rechazada (HTTP 429): llegan demasiadas solicitudes seguidas.',
    );
    const teapot = shown(toDrobotError(withStatus("I'm a teapot", 418), CONTEXT));
    assert.equal(teapot.status, 418);
    assert.equal(teapot.es.message, 'Solicitud rechazada (HTTP 418): no se puede atender.');
    assert.equal(teapot.en.message, 'Request refused (HTTP 418): it cannot be served.');
    assert.doesNotMatch(JSON.stringify([aborted, tooMany, teapot]), /aborted|Rate limit|teapot/);
  });

  it('a body that is not JSON is said to be so, without the framework’s or the parser’s words', () => {
    for (const error of [
      new errorCodes.FST_ERR_CTP_INVALID_JSON_BODY(),
      new errorCodes.FST_ERR_CTP_EMPTY_JSON_BODY(),
      withStatus('Unexpected token } in JSON at position 7', 400),
    ]) {
      const answer = shown(toDrobotError(error, CONTEXT));
      assert.equal(answer.status, 400);
      assert.equal(answer.es.code, 'malformed_json');
      assert.equal(answer.es.message, 'El cuerpo recibido no es JSON válido: tiene un error de sintaxis.');
      assert.equal(answer.en.message, 'The body received is not valid JSON: it has a syntax error.');
      assert.doesNotMatch(JSON.stringify(answer), /content-type is set|Unexpected token|empty/i);
    }
  });

  it('the framework errors DRobot has an entry for become that entry', () => {
    const large = toDrobotError(new errorCodes.FST_ERR_CTP_BODY_TOO_LARGE(), CONTEXT);
    assert.equal(large.status, 413);
    assert.match(large.render('es').message, /supera el máximo de 65536 bytes/);
    const type = toDrobotError(new errorCodes.FST_ERR_CTP_INVALID_MEDIA_TYPE(), {
      ...CONTEXT,
      contentType: 'text/csv',
    });
    assert.equal(type.status, 415);
    assert.match(type.render('en').message, /Unsupported content type \(text\/csv\)/);
  });

  it('anything else is an internal error, its own words kept for the log only', () => {
    for (const error of [
      new Error('database is locked'),
      withStatus('Service Unavailable', 503),
      new errorCodes.FST_ERR_REP_ALREADY_SENT('/api/x', 'GET'),
      'a thrown string',
    ]) {
      const drobot = toDrobotError(error, CONTEXT);
      assert.equal(drobot.status, 500);
      assert.equal(drobot.render('es').message, 'Error interno; consulte el registro del servicio.');
      assert.equal(drobot.cause, error);
    }
  });
});
