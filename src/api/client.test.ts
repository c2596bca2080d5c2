import { describe, expect, it } from 'vitest';
import { http, HttpResponse } from 'msw';
import { createApiClient, unwrap } from './client';
import { ApiError } from './problem';
import { server } from '../testing/server';

const api = createApiClient('http://localhost/api');

describe('the typed client', () => {
  it('fills path parameters, explodes arrays in the query and skips empty values', async () => {
    let seen = '';
    server.use(
      http.get('*/api/v1/pods/:podId', ({ request }) => {
        seen = request.url;
        return HttpResponse.json({});
      }),
    );
    await api.GET('/v1/pods/{podId}', { params: { path: { podId: 'a b/c' } } });
    expect(seen).toBe('http://localhost/api/v1/pods/a%20b%2Fc');
    const list = await api.GET('/v1/pods', { params: { query: { status: ['running', 'stopped'], q: '', limit: 5 } } });
    expect(new URL(list.response.url).search).toBe('?status=running&status=stopped&limit=5');
  });

  it('sends JSON bodies and headers, and turns a problem into an ApiError with its words', async () => {
    server.use(
      http.post('*/api/v1/simulation/advance', async ({ request }) =>
        HttpResponse.json(
          { type: 'about:blank', title: 'No', status: 409, detail: `got ${JSON.stringify(await request.json())} with ${request.headers.get('x-test')}` },
          { status: 409, headers: { 'content-type': 'application/problem+json' } },
        ),
      ),
    );
    const result = await api.POST('/v1/simulation/advance', { body: { durationMs: 5 }, headers: { 'x-test': 'yes' } });
    expect(() => unwrap(result)).toThrow(ApiError);
    expect(() => unwrap(result)).toThrow('got {"durationMs":5} with yes');
  });
});
