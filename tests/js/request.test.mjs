// validateRequest(input, init): what fetch(input, init) would put on the
// wire, judged as a deployed Cinder 29.0.0 judges the whole request. Real
// Request, Headers, Blob, FormData, URLSearchParams and ReadableStream
// objects (Node's undici).
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';

import { consumerImport, consumerRequire } from './helpers.mjs';

const ovm = consumerRequire()('os-volume-manage');
const esm = await consumerImport('os-volume-manage');

const PROJECT = '0123456789abcdef0123456789abcdef';
const URL_VOLUME = `https://cinder.example:8776/v3/${PROJECT}/os-volume-manage`;
const BODY = { volume: { host: 'h@b#p', ref: { 'source-name': 'lv1' } } };
const TEXT = JSON.stringify(BODY);
const JSON_HEADERS = { 'Content-Type': 'application/json', 'X-Auth-Token': 'token' };
const UNSUPPORTED = '{"badMediaType": {"code": 415, "message": "Unsupported Content-Type"}}';

function header(report, name) {
  return report.request.headers.filter(([n]) => n === name).map(([, v]) => v);
}

describe('what fetch sends by default', () => {
  test('a string body goes out as text/plain;charset=UTF-8: 415, and the message says what to send', async () => {
    const r = await ovm.validateRequest(URL_VOLUME, { method: 'POST', body: TEXT, headers: { 'X-Auth-Token': 't' } });
    assert.equal(r.httpStatus, 415);
    assert.equal(r.serverError, 'Unsupported Content-Type');
    assert.equal(r.errors[0].code, 'content_type_unsupported');
    assert.match(r.errors[0].message, /fetch sends text\/plain;charset=UTF-8 for a string body: set headers: \{'Content-Type': 'application\/json'\}/);
    assert.deepEqual(header(r, 'content-type'), ['text/plain;charset=UTF-8']);
    assert.deepEqual(header(r, 'accept'), ['*/*']);
    assert.deepEqual(header(r, 'content-length'), [String(TEXT.length)]);
    assert.deepEqual(r.response, {
      statusLine: '415 Unsupported Media Type',
      contentType: 'application/json',
      openstackApiVersion: 'volume 3.0',
      renderedBy: 'fault',
      body: UNSUPPORTED,
    });
    assert.deepEqual(r.request, { method: 'POST', url: URL_VOLUME, endpoint: 'os-volume-manage', headers: r.request.headers, chunked: false, bodyLength: TEXT.length });
  });

  test('JSON with its Content-Type and a version header is accepted, in every way of giving headers', async () => {
    const version = { 'OpenStack-API-Version': 'volume 3.16' };
    const forms = [
      { ...JSON_HEADERS, ...version },
      new Headers({ ...JSON_HEADERS, ...version }),
      Object.entries({ ...JSON_HEADERS, ...version }),
    ];
    for (const headers of forms) {
      for (const api of [ovm, esm]) {
        const r = await api.validateRequest(URL_VOLUME, { method: 'POST', headers, body: TEXT });
        assert.equal(r.accepted, true, JSON.stringify(r.errors));
        assert.equal(r.httpStatus, 202);
        assert.equal(r.normalized.host, 'h@b#p');
        assert.equal(r.response.openstackApiVersion, 'volume 3.16');
        assert.equal(r.response.renderedBy, 'controller');
        assert.equal(r.response.body, null);
        // The same verdict as the body-level check at that version.
        const body = ovm.validateVolumeManageJson(TEXT, { microversion: '3.16' });
        assert.deepEqual(r.normalized, body.normalized);
      }
    }
  });

  test('the method defaults to GET, and only POST manages', async () => {
    const r = await ovm.validateRequest(URL_VOLUME);
    assert.equal(r.httpStatus, 0);
    assert.equal(r.errors[0].code, 'method_unsupported');
    assert.equal(r.request.method, 'GET');
    assert.equal(r.response, null);
    for (const method of ['PUT', 'DELETE', 'PATCH']) {
      const r2 = await ovm.validateRequest(URL_VOLUME, { method, body: TEXT });
      assert.equal(r2.errors[0].code, 'method_unsupported', method);
    }
    // fetch upper-cases the standard methods.
    const post = await ovm.validateRequest(URL_VOLUME, { method: 'post', headers: JSON_HEADERS, body: TEXT });
    assert.equal(post.httpStatus, 202);
  });

  test('the endpoint comes from the URL path', async () => {
    const cases = [
      [`/v3/${PROJECT}/manageable_volumes`, 'manageable_volumes'],
      [new URL(`http://c/v3/${PROJECT}/os-snapshot-manage`), 'os-snapshot-manage'],
      [`http://c/v3/manageable_snapshots`, 'manageable_snapshots'],
    ];
    for (const [input, endpoint] of cases) {
      const r = await ovm.validateRequest(input, { method: 'POST', headers: JSON_HEADERS, body: '{}' });
      assert.equal(r.request.endpoint, endpoint);
      assert.equal(r.httpStatus, 400);
    }
    for (const path of ['/v3/volumes', `/v3/${PROJECT.toUpperCase()}/os-volume-manage`, `/v2/${PROJECT}/os-volume-manage`, `/v3/${PROJECT}/os-volume-manage/`]) {
      const r = await ovm.validateRequest(path, { method: 'POST', body: TEXT });
      assert.equal(r.httpStatus, 0, path);
      assert.equal(r.errors[0].code, 'path_unknown', path);
      assert.ok(r.errors[0].message.length > 20);
    }
    // manageable_* exists from 3.8: Cinder's own 404.
    const old = await ovm.validateRequest(`/v3/${PROJECT}/manageable_volumes`, { method: 'POST', headers: JSON_HEADERS, body: TEXT });
    assert.equal(old.httpStatus, 404);
    assert.equal(old.errors[0].code, 'endpoint_unavailable');
  });
});

describe('every body type fetch takes', () => {
  test('bytes carry no Content-Type: Cinder ignores the body (500), cinder-api reads text/plain (415)', async () => {
    const bytes = new TextEncoder().encode(TEXT);
    for (const body of [bytes, bytes.buffer, new DataView(bytes.buffer)]) {
      const r = await ovm.validateRequest(URL_VOLUME, { method: 'POST', body });
      assert.equal(r.httpStatus, 500);
      assert.equal(r.errors[0].code, 'content_type_missing');
      assert.ok(r.warnings.some((w) => w.code === 'depends_on_server'));
      assert.deepEqual(header(r, 'content-type'), []);
      const e = await ovm.validateRequest(URL_VOLUME, { method: 'POST', body }, { server: 'eventlet' });
      assert.equal(e.httpStatus, 415);
    }
  });

  test('a Blob sends its type', async () => {
    const r = await ovm.validateRequest(URL_VOLUME, { method: 'POST', body: new Blob([TEXT], { type: 'application/json' }) });
    assert.equal(r.httpStatus, 202);
    const plain = await ovm.validateRequest(URL_VOLUME, { method: 'POST', body: new Blob([TEXT]) });
    assert.equal(plain.errors[0].code, 'content_type_missing');
  });

  test('URLSearchParams and FormData are forms: parsed for _method before routing', async () => {
    const form = await ovm.validateRequest(URL_VOLUME, { method: 'POST', body: new URLSearchParams({ volume: TEXT }) });
    assert.deepEqual(header(form, 'content-type'), ['application/x-www-form-urlencoded;charset=UTF-8']);
    assert.equal(form.httpStatus, 415);
    assert.match(form.errors[0].message, /A form body/);
    const put = await ovm.validateRequest(URL_VOLUME, { method: 'POST', body: new URLSearchParams({ _method: 'put' }) });
    assert.equal(put.httpStatus, 404);
    assert.equal(put.errors[0].code, 'form_method_override');
    // fetch's Accept: */* makes webob render its page as HTML.
    assert.equal(put.response.renderedBy, 'webob-html');
    assert.equal(put.serverError, 'The resource could not be found.');
    const data = new FormData();
    data.append('_method', 'DELETE');
    const multi = await ovm.validateRequest(URL_VOLUME, { method: 'POST', body: data });
    assert.match(header(multi, 'content-type')[0], /^multipart\/form-data; boundary=/);
    assert.equal(multi.httpStatus, 404);
    const plainData = new FormData();
    plainData.append('volume', TEXT);
    assert.equal((await ovm.validateRequest(URL_VOLUME, { method: 'POST', body: plainData })).httpStatus, 415);
  });

  test('a ReadableStream goes chunked: de-chunked by a WSGI container, read as empty by cinder-api', async () => {
    const stream = () => new Blob([TEXT]).stream();
    const init = () => ({ method: 'POST', headers: JSON_HEADERS, body: stream(), duplex: 'half' });
    const r = await ovm.validateRequest(URL_VOLUME, init());
    assert.equal(r.request.chunked, true);
    assert.deepEqual(header(r, 'transfer-encoding'), ['chunked']);
    assert.deepEqual(header(r, 'content-length'), []);
    assert.equal(r.httpStatus, 202);
    assert.ok(r.warnings.some((w) => w.code === 'depends_on_server' && /chunked/.test(w.message)));
    const e = await ovm.validateRequest(URL_VOLUME, init(), { server: 'eventlet' });
    assert.equal(e.httpStatus, 500);
    assert.equal(e.errors[0].code, 'body_empty');
    assert.match(e.errors[0].message, /eventlet server reads a chunked body as empty/);
  });

  test('a Request is read through a clone: the caller can still send it', async () => {
    const req = new Request(URL_VOLUME, { method: 'POST', headers: JSON_HEADERS, body: TEXT });
    const r = await ovm.validateRequest(req);
    assert.equal(r.httpStatus, 202);
    assert.equal(req.bodyUsed, false);
    assert.equal(await req.text(), TEXT);
    // init overrides the Request's own, as in fetch(req, init).
    const again = new Request(URL_VOLUME, { method: 'POST', headers: JSON_HEADERS, body: TEXT });
    const r2 = await ovm.validateRequest(again, { headers: { 'Content-Type': 'text/plain' } });
    assert.equal(r2.httpStatus, 415);
    // A Request whose body was read cannot be sent.
    await assert.rejects(ovm.validateRequest(req), TypeError);
  });
});

describe('what the whole request decides', () => {
  test('the size limit: 413 before anything else, both messages, and the limit as the caller sets it', async () => {
    const big = JSON.stringify({ volume: { host: 'h@b#p', ref: { 'source-name': 'x'.repeat(120_000) } } });
    const r = await ovm.validateRequest(URL_VOLUME, { method: 'POST', headers: JSON_HEADERS, body: big });
    assert.equal(r.httpStatus, 413);
    assert.equal(r.serverError, 'Request is too large. Larger than max_request_body_size (%s).');
    assert.equal(r.errors[0].code, 'body_too_large');
    const lifted = await ovm.validateRequest(URL_VOLUME, { method: 'POST', headers: JSON_HEADERS, body: big }, { maxRequestBodySize: Infinity });
    assert.equal(lifted.httpStatus, 202);
    const small = await ovm.validateRequest(URL_VOLUME, { method: 'POST', headers: JSON_HEADERS, body: TEXT }, { maxRequestBodySize: TEXT.length - 1 });
    assert.equal(small.httpStatus, 413);
    const chunked = await ovm.validateRequest(URL_VOLUME, { method: 'POST', headers: JSON_HEADERS, body: new Blob([TEXT]).stream(), duplex: 'half' }, { maxRequestBodySize: 10 });
    assert.equal(chunked.serverError, 'Request is too large. Larger than 10.');
    // The body-level functions apply the limit too.
    assert.equal(ovm.validateVolumeManageJson(big).httpStatus, 413);
    assert.equal(ovm.validateVolumeManageJson(big, { maxRequestBodySize: Infinity }).httpStatus, 202);
  });

  test('Accept preferring the vnd type: the fault cannot be rendered, a bare 500', async () => {
    const r = await ovm.validateRequest(URL_VOLUME, { method: 'POST', headers: { ...JSON_HEADERS, Accept: 'application/vnd.openstack.volume+json' }, body: '{}' });
    assert.equal(r.httpStatus, 500);
    assert.equal(r.serverError, null);
    assert.equal(r.errors[0].code, 'accept_unrenderable');
    assert.equal(r.errors[1].code, 'required');
    assert.equal(r.response.renderedBy, 'server');
  });

  test('the version header: the same reading as resolveMicroversion for header values', async () => {
    for (const [value, status] of [['volume 3.16', 202], ['3.16', 400], ['volume 3.99', 406], ['volume 3.8 x', 500], ['compute 2.1, volume latest', 202]]) {
      const r = await ovm.validateRequest(URL_VOLUME, { method: 'POST', headers: { ...JSON_HEADERS, 'OpenStack-API-Version': value }, body: TEXT });
      assert.equal(r.httpStatus, status, value);
    }
  });

  test('no X-Auth-Token: judged, with a warning that Keystone answers 401 first', async () => {
    const r = await ovm.validateRequest(URL_VOLUME, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: TEXT });
    assert.equal(r.httpStatus, 202);
    assert.equal(r.warnings[0].code, 'auth_token_missing');
  });

  test('headers fetch never sends as given are dropped', async () => {
    const r = await ovm.validateRequest(URL_VOLUME, { method: 'POST', headers: { ...JSON_HEADERS, 'Content-Length': '1', Host: 'x' }, body: TEXT });
    assert.equal(r.httpStatus, 202);
    assert.deepEqual(header(r, 'content-length'), [String(TEXT.length)]);
    assert.deepEqual(header(r, 'host'), []);
  });
});

describe('misuse and what fetch refuses', () => {
  test('TypeError where fetch throws, and for bad options', async () => {
    await assert.rejects(ovm.validateRequest(URL_VOLUME, { body: TEXT }), TypeError); // GET with a body
    await assert.rejects(ovm.validateRequest(URL_VOLUME, { method: 'POST', headers: { 'bad name': 'x' } }), TypeError);
    await assert.rejects(ovm.validateRequest(URL_VOLUME, { method: 'POST', headers: { x: 'a\nb' } }), TypeError);
    await assert.rejects(ovm.validateRequest(42), /input must be a URL string, a URL or a Request/);
    await assert.rejects(ovm.validateRequest('http://[', { method: 'POST' }), TypeError);
    await assert.rejects(ovm.validateRequest(URL_VOLUME, 'POST'), /init must be an object/);
    await assert.rejects(ovm.validateRequest(URL_VOLUME, {}, { maxRequestBodySize: 1.5 }), /maxRequestBodySize/);
    await assert.rejects(ovm.validateRequest(URL_VOLUME, {}, { server: 'apache' }), /options.server/);
    await assert.rejects(ovm.validateRequest(URL_VOLUME, {}, { microversion: '3.16' }), /unknown option "microversion"/);
  });
});
