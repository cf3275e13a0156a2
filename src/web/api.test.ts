import { afterEach, describe, expect, test, vi } from 'vitest';
import { ApiError, api } from './api';

describe('a refusal from the API, as the forms show it', () => {
  test('the sentence is the problem’s detail, else its message, else its title, else the status', () => {
    expect(new ApiError(409, { title: 'Conflict', detail: 'Someone else changed this record' }).message).toBe(
      'Someone else changed this record',
    );
    expect(
      new ApiError(401, { code: 'INVALID_EMAIL_OR_PASSWORD', message: 'Invalid email or password' }).message,
    ).toBe('Invalid email or password');
    expect(new ApiError(404, { title: 'Not Found' }).message).toBe('Not Found');
    expect(new ApiError(502, {}).message).toBe('The server answered 502');
  });

  test('each field message goes against its field, without the "body" prefix; the first one wins', () => {
    const error = new ApiError(400, {
      code: 'validation',
      errors: [
        { field: 'body.nhsNumber', message: 'Another patient at this site has this NHS number' },
        { field: 'body/birthDate', message: 'Use a date like 1961-03-03' },
        { field: 'body.nhsNumber', message: 'Too long' },
        { field: 'version', message: 'Required' },
      ],
    });
    expect(error.fieldErrors()).toEqual({
      nhsNumber: 'Another patient at this site has this NHS number',
      birthDate: 'Use a date like 1961-03-03',
      version: 'Required',
    });
  });

  test('a problem without field errors has none', () => {
    expect(new ApiError(500, { errors: 'oops' as never }).fieldErrors()).toEqual({});
  });
});

describe('the demo sign-ins on the sign-in page', () => {
  afterEach(() => vi.unstubAllGlobals());
  const server = (demo: boolean) => {
    const asked: string[] = [];
    vi.stubGlobal('fetch', async (url: string) => {
      asked.push(url);
      if (url === '/api/health') return Response.json({ status: 'ok', demo });
      if (url === '/api/demo' && demo) return Response.json({ password: 'x', users: [] });
      return Response.json({ title: 'Not Found' }, { status: 404 });
    });
    return asked;
  };

  // Every visit to a real clinic's sign-in page put a 404 in the browser's console.
  test('a real clinic is not asked for them: it has none', async () => {
    const asked = server(false);
    expect(await api.demoSignIns()).toBeNull();
    expect(asked).not.toContain('/api/demo');
  });

  test('the demo clinic shows them', async () => {
    const asked = server(true);
    expect(await api.demoSignIns()).toEqual({ password: 'x', users: [] });
    expect(asked).toContain('/api/demo');
  });
});
