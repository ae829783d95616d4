import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { startApi, type ApiFixture } from './api-fixture.js';
import { rawHttp } from './raw-http.js';

/** The built console as `drobot serve` hands it out: its own files only, under a strict policy. */
describe('the web console is served on the same port with a strict Content-Security-Policy', () => {
  let api: ApiFixture;
  const get = (target: string) => rawHttp(api.port, { method: 'GET', target });

  before(async () => {
    api = await startApi();
  });
  after(() => api.close());

  it('serves the page at / and /setup to anyone, with a CSP that allows no inline code and no other origin', async () => {
    for (const target of ['/', '/setup']) {
      const page = await get(target);
      assert.equal(page.status, 200, page.body);
      assert.match(page.headers['content-type'] ?? '', /^text\/html/);
      const csp = page.headers['content-security-policy'] ?? '';
      assert.match(csp, /default-src 'none'/);
      assert.match(csp, /script-src 'self'(;|$)/);
      assert.match(csp, /style-src 'self'(;|$)/);
      assert.match(csp, /frame-ancestors 'none'/);
      assert.doesNotMatch(csp, /unsafe-inline|unsafe-eval|https?:|\*/);
      assert.equal(page.headers['x-frame-options'], 'DENY');
      assert.equal(page.headers['cache-control'], 'no-store');
      assert.doesNotMatch(page.body, /<script(?![^>]*\ssrc=)[^>]*>/, 'no inline script');
      assert.doesNotMatch(page.body, /\sstyle=|<style/, 'no inline style');
      assert.doesNotMatch(page.body, /(src|href)="(https?:)?\/\//, 'nothing from another origin');
    }
  });

  it('serves the script and the style it names, which load nothing from elsewhere', async () => {
    const page = await get('/');
    const files = [...page.body.matchAll(/(?:src|href)="(\/assets\/[^"]+)"/g)].map((m) => m[1] ?? '');
    assert.ok(
      files.some((f) => f.endsWith('.js')) && files.some((f) => f.endsWith('.css')),
      files.join(', '),
    );
    for (const file of files) {
      const asset = await get(file);
      assert.equal(asset.status, 200, file);
      assert.match(
        asset.headers['content-type'] ?? '',
        file.endsWith('.js') ? /^text\/javascript/ : /^text\/css/,
      );
      const origins = [...asset.body.matchAll(/https?:\/\/[a-z0-9.-]+/gi)].map((m) => m[0]);
      assert.deepEqual(
        origins.filter((o) => o !== 'http://www.w3.org'),
        [],
        `${file} names no other origin (the SVG namespace aside)`,
      );
    }
  });

  it('answers 404 for any other file name, and never reads a path from the request', async () => {
    for (const target of [
      '/assets/nothing.js',
      '/assets/..%2f..%2fpackage.json',
      '/assets/../../package.json',
    ]) {
      const response = await get(target);
      assert.ok(response.status === 404 || response.status === 401, `${target}: ${response.status}`);
      assert.doesNotMatch(response.body, /"name": "drobot"/);
    }
  });
});
