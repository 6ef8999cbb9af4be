import { UnsubscribeTokens } from './unsubscribe-tokens';

const DAY = 24 * 3600 * 1000;
const now = new Date('2027-01-01T00:00:00Z');
const tokens = new UnsubscribeTokens('a-secret-of-at-least-thirty-two-characters', 30 * DAY);

describe('unsubscribe tokens', () => {
  it('names the practitioner and scope it was issued for until it expires', () => {
    const token = tokens.issue('p-1', now);
    expect(tokens.verify(token, new Date(now.getTime() + DAY))).toEqual({
      practitionerId: 'p-1',
      scope: 'reminders',
      expiresAt: new Date(now.getTime() + 30 * DAY),
    });
    expect(tokens.verify(token, new Date(now.getTime() + 31 * DAY))).toBeUndefined();
  });

  it('refuses altered, foreign and malformed tokens', () => {
    const [payload, signature] = tokens.issue('p-1', now).split('.');
    const forged = Buffer.from(JSON.stringify({ sub: 'p-2', scope: 'reminders', exp: 2e9 })).toString(
      'base64url',
    );
    expect(tokens.verify(`${forged}.${signature}`, now)).toBeUndefined();
    const other = new UnsubscribeTokens('another-secret-of-thirty-two-characters!', 30 * DAY);
    expect(tokens.verify(other.issue('p-1', now), now)).toBeUndefined();
    expect(tokens.verify(payload, now)).toBeUndefined();
    expect(tokens.verify('', now)).toBeUndefined();
  });
});
