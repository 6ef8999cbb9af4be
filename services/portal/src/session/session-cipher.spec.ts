import { SessionCipher } from './session-cipher';

const SECRET = 'a-test-secret-of-at-least-thirty-two-characters';

describe('SessionCipher', () => {
  const cipher = new SessionCipher(SECRET);

  it('opens what it sealed, for the same purpose', () => {
    const sealed = cipher.seal('portal-session', { sub: 'p-1', roles: ['practitioner'] });
    expect(sealed).toMatch(/^v1\.[\w-]+$/);
    expect(cipher.open('portal-session', sealed)).toEqual({ sub: 'p-1', roles: ['practitioner'] });
  });

  it('does not reveal the value in the sealed text', () => {
    expect(cipher.seal('portal-session', { token: 'secret-access-token' })).not.toContain('secret');
  });

  it('refuses a value sealed for another purpose (one cookie replayed as another)', () => {
    expect(cipher.open('portal-session', cipher.seal('portal-sign-in', { a: 1 }))).toBeUndefined();
  });

  it('refuses an altered value, a value sealed with another secret, and garbage', () => {
    const sealed = cipher.seal('portal-session', { sub: 'p-1' });
    const flipped = `${sealed.slice(0, -2)}${sealed.at(-2) === 'A' ? 'B' : 'A'}${sealed.at(-1)}`;
    expect(cipher.open('portal-session', flipped)).toBeUndefined();
    expect(new SessionCipher(`${SECRET}-other`).open('portal-session', sealed)).toBeUndefined();
    for (const text of [undefined, '', 'v1.', 'v1.abc', 'v2.abcdefghijklmnopqrstuvwxyz0123456789', 'plain']) {
      expect(cipher.open('portal-session', text)).toBeUndefined();
    }
  });
});
