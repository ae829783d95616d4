import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { ADMIN_TOKEN, startApi, type ApiFixture } from './api-fixture.js';
import { assertDrobotAnswer } from './drobot-answer.js';
import { rawHttp, type RawRequest } from './raw-http.js';

const AUTH = { authorization: `Bearer ${ADMIN_TOKEN}` };

describe('answers the router and Node gave by themselves are DRobot’s, after the access check', () => {
  let api: ApiFixture;

  before(async () => {
    api = await startApi();
  });
  after(() => api.close());

  const send = (request: RawRequest) => rawHttp(api.port, request);

  it('a path parameter too long: 401 without the token, as for a path that does not exist', async () => {
    const long = 'a'.repeat(5000);
    const real = await send({ method: 'PUT', target: `/api/outbox/suppressions/${long}` });
    const unknown = await send({ method: 'PUT', target: `/api/nothing-here/${long}` });
    for (const response of [real, unknown]) {
      assert.equal(response.status, 401, response.body);
      assert.equal(response.headers['x-content-type-options'], 'nosniff');
      assert.equal(response.headers['www-authenticate'], 'Bearer realm="drobot"');
    }
    assert.equal(real.body, unknown.body);
  });

  it('a path parameter too long, with the token: 414 in the language asked for', async () => {
    const target = `/api/outbox/suppressions/${'a'.repeat(5000)}`;
    const spanish = await send({ method: 'PUT', target, headers: AUTH });
    assert.match(
      assertDrobotAnswer(spanish, 414, 'path_param_too_long'),
      /Un tramo de la dirección de la solicitud tiene 5000 caracteres; el máximo es 254/,
    );
    const english = await send({
      method: 'GET',
      target: `/api/accounts/${'b'.repeat(300)}`,
      headers: { ...AUTH, 'accept-language': 'en' },
    });
    assert.match(
      assertDrobotAnswer(english, 414, 'path_param_too_long'),
      /A segment of the request address has 300 characters; the limit is 254/,
    );
    assert.doesNotMatch(spanish.body + english.body, /FST_|aaaaaaaaaa/);
  });

  it('a mail address of 254 characters, the longest there is, can be suppressed and cleared', async () => {
    const address = `${'l'.repeat(64)}@${'d'.repeat(63)}.${'e'.repeat(63)}.${'f'.repeat(58)}.es`;
    assert.equal(address.length, 254);
    const put = await send({ method: 'PUT', target: `/api/outbox/suppressions/${address}`, headers: AUTH });
    assert.equal(put.status, 200, put.body);
    assert.deepEqual(JSON.parse(put.body), { address, suppressed: true });
    const cleared = await send({
      method: 'DELETE',
      target: `/api/outbox/suppressions/${address}`,
      headers: AUTH,
    });
    assert.equal(cleared.status, 204, cleared.body);
  });
});
