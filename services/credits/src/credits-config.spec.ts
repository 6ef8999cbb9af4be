import { generateKeyPairSync } from 'node:crypto';

import { loadConfig } from '@cme/platform';

import { creditsConfigSchema } from './credits-config';

const ed25519 = () =>
  generateKeyPairSync('ed25519').privateKey.export({ type: 'pkcs8', format: 'pem' }) as string;
const load = (env: Record<string, string>) => () => loadConfig(creditsConfigSchema, env);

describe('credits configuration: documents', () => {
  it('takes an Ed25519 PEM (also on one line with \\n escapes) and a public address without its last slash', () => {
    const pem = ed25519();
    const config = load({
      DOCUMENTS_SIGNING_KEY: pem.replaceAll('\n', '\\n'),
      PUBLIC_URL: 'https://credits.example.org/',
    })();
    expect(config.DOCUMENTS_SIGNING_KEY).toBe(pem.trim());
    expect(config.PUBLIC_URL).toBe('https://credits.example.org');
  });

  it('refuses another kind of key without echoing it', () => {
    const rsa = generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey.export({
      type: 'pkcs8',
      format: 'pem',
    }) as string;
    const attempt = load({ DOCUMENTS_SIGNING_KEY: rsa });
    expect(attempt).toThrow('DOCUMENTS_SIGNING_KEY: expected a PKCS#8 PEM Ed25519 private key');
    expect(attempt).not.toThrow(/PRIVATE KEY/);
  });

  it('needs neither outside production, and both (the address https) in production', () => {
    expect(load({})).not.toThrow();
    // The platform's own production settings, so that only the documents' are missing.
    const production = {
      NODE_ENV: 'production',
      AUTH_ISSUER: 'https://login.example.org/realms/cme',
      AUTH_JWKS_URL: 'https://login.example.org/certs',
      METRICS_ENABLED: 'false',
    };
    expect(load(production)).toThrow(
      /DOCUMENTS_SIGNING_KEY: required in production; PUBLIC_URL: required in production/,
    );
    const withKey = { ...production, DOCUMENTS_SIGNING_KEY: ed25519() };
    expect(load({ ...withKey, PUBLIC_URL: 'http://credits.example.org' })).toThrow(/PUBLIC_URL/);
    expect(load({ ...withKey, PUBLIC_URL: 'https://credits.example.org' })).not.toThrow();
  });
});
