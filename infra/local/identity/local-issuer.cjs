#!/usr/bin/env node
'use strict';
// The local token issuer for development and tests (plain Node, no dependencies, no build).
//
//   node local-issuer.cjs init                       create the key pair once, write the public JWKS
//   node local-issuer.cjs token --sub ID --role R    print a signed token (nothing else) on stdout
//        [--role R ...] [--email E] [--name N] [--ttl 1h]
//   node local-issuer.cjs rotate                     new signing key; the JWKS keeps the previous public key
//
// `npm run -s token -- --sub p-1 --role practitioner` runs the second (`-s` keeps npm's banner off stdout).
// In production the services trust an OIDC provider instead; this issuer only exists in <repo>/.local/.
// local-oidc-provider.mjs is the same issuer as an OpenID provider (the portal signs in against it).
//
// The services verify these tokens exactly as they verify a provider's: RS256, `iss`, `aud`, `exp`, `nbf`,
// keys looked up by `kid` in the JWKS (libs/platform/src/identity/token-verifier.ts).

const crypto = require('node:crypto');
const fs = require('node:fs');
const path = require('node:path');

/**
 * The `iss` of local tokens; the services' development default (libs/platform config) names the same. It is
 * the URL of the local OpenID provider (local-oidc-provider.mjs), which signs with the same key.
 */
const LOCAL_ISSUER = process.env.CME_LOCAL_ISSUER || 'http://127.0.0.1:3010';
const AUDIENCE = 'cme-tracker';
const ALGORITHM = 'RS256';
const ROLES = ['practitioner', 'staff', 'admin'];
const DEFAULT_DIR = path.resolve(__dirname, '../../../.local/identity');
const KEY_FILE = 'signing-key.pem';
const JWKS_FILE = 'jwks.json';
/** After a rotation, tokens signed with the previous keys keep verifying until they expire. */
const PUBLISHED_KEYS = 3;
const DEFAULT_TTL_SECONDS = 3600;

/**
 * The local OpenID provider's accounts (development only: the passwords are in infra/local/README.md). The
 * practitioner's id is the demo practitioner's of the demo data (libs/local-runtime/src/demo-data.ts).
 */
const LOCAL_ACCOUNTS = [
  {
    id: 'demo-practitioner',
    login: 'practitioner',
    password: 'practitioner',
    name: 'Dr. Alex Rivera',
    email: 'dr.rivera@example.org',
    roles: ['practitioner'],
  },
  {
    // A practitioner who has just joined: no profile and no credits yet (the first-visit journey).
    id: 'new-practitioner',
    login: 'newcomer',
    password: 'newcomer',
    name: 'Dr. Jordan Lee',
    email: 'dr.lee@example.org',
    roles: ['practitioner'],
  },
  {
    id: 'demo-staff',
    login: 'staff',
    password: 'staff',
    name: 'Sam Okafor',
    email: 'staff@example.org',
    roles: ['staff'],
  },
  {
    id: 'demo-admin',
    login: 'admin',
    password: 'admin',
    name: 'Ada Admin',
    email: 'admin@example.org',
    roles: ['admin'],
  },
];
/** The portal, the provider's one client (the portal's development defaults name the same). */
const PORTAL_CLIENT = { id: 'cme-portal', secret: 'local-portal-secret' };

const base64url = (value) => Buffer.from(value).toString('base64url');

/** The public JWK of a key, with its RFC 7638 thumbprint as `kid`. */
function publicJwk(privateKey) {
  const { kty, n, e } = crypto.createPublicKey(privateKey).export({ format: 'jwk' });
  const kid = crypto.createHash('sha256').update(JSON.stringify({ e, kty, n })).digest('base64url');
  return { kty, n, e, kid, alg: ALGORITHM, use: 'sig' };
}

function newPrivateKeyFile(dir) {
  const { privateKey } = crypto.generateKeyPairSync('rsa', { modulusLength: 2048 });
  const file = path.join(dir, `.${KEY_FILE}.${process.pid}.${crypto.randomUUID()}`);
  fs.writeFileSync(file, privateKey.export({ type: 'pkcs8', format: 'pem' }), { mode: 0o600 });
  return file;
}

function writeAtomically(file, content) {
  const temporary = `${file}.${process.pid}.${crypto.randomUUID()}`;
  fs.writeFileSync(temporary, content);
  fs.renameSync(temporary, file);
}

/**
 * Creates the signing key once (several processes may race here: the first link wins, the others use it)
 * and makes sure the JWKS publishes its public key. Returns where the issuer lives and what it signs with.
 */
function ensureLocalIssuer(dir = DEFAULT_DIR) {
  // Readable by others (docker-compose mounts it for the services' user); the private key file is 0600.
  fs.mkdirSync(dir, { recursive: true, mode: 0o755 });
  const keyPath = path.join(dir, KEY_FILE);
  if (!fs.existsSync(keyPath)) {
    const candidate = newPrivateKeyFile(dir);
    try {
      fs.linkSync(candidate, keyPath);
    } catch (error) {
      if (error.code !== 'EEXIST') throw error;
    } finally {
      fs.rmSync(candidate, { force: true });
    }
  }
  const privateKey = crypto.createPrivateKey(fs.readFileSync(keyPath));
  const jwk = publicJwk(privateKey);
  const jwksPath = path.join(dir, JWKS_FILE);
  const published = fs.existsSync(jwksPath) ? JSON.parse(fs.readFileSync(jwksPath, 'utf8')).keys : [];
  if (!published.some((key) => key.kid === jwk.kid)) {
    const keys = [jwk, ...published].slice(0, PUBLISHED_KEYS);
    writeAtomically(jwksPath, `${JSON.stringify({ keys }, null, 2)}\n`);
  }
  return {
    dir,
    issuer: LOCAL_ISSUER,
    audience: AUDIENCE,
    jwksPath,
    jwksUrl: `file://${jwksPath}`,
    kid: jwk.kid,
    privateKey,
  };
}

/** Replaces the signing key; the previous public keys stay in the JWKS so issued tokens keep verifying. */
function rotateLocalIssuer(dir = DEFAULT_DIR) {
  fs.mkdirSync(dir, { recursive: true, mode: 0o755 });
  fs.renameSync(newPrivateKeyFile(dir), path.join(dir, KEY_FILE));
  return ensureLocalIssuer(dir);
}

/** A compact JWS over `payload` signed with an RSA private key (RS256); `header` names the key (`kid`). */
function signJwt(header, payload, privateKey) {
  const input = `${base64url(JSON.stringify(header))}.${base64url(JSON.stringify(payload))}`;
  const signature = crypto.sign('sha256', Buffer.from(input), privateKey);
  return `${input}.${signature.toString('base64url')}`;
}

/**
 * A token the services accept: `sub` (the practitioner id), `roles`, optional `email` and `name`.
 * `overrides` replace registered claims (tests use it for expired or foreign tokens).
 */
function mintToken({ sub, roles, email, name, ttlSeconds = DEFAULT_TTL_SECONDS }, overrides = {}, dir) {
  const issuer = ensureLocalIssuer(dir);
  const now = Math.floor(Date.now() / 1000);
  const payload = {
    iss: issuer.issuer,
    aud: issuer.audience,
    sub,
    roles,
    ...(email && { email }),
    ...(name && { name }),
    iat: now,
    nbf: now,
    exp: now + ttlSeconds,
    jti: crypto.randomUUID(),
    ...overrides,
  };
  return signJwt({ alg: ALGORITHM, typ: 'JWT', kid: issuer.kid }, payload, issuer.privateKey);
}

/** `90`, `90s`, `30m`, `12h`, `7d` → seconds. */
function parseTtl(text) {
  const match = /^(\d+)([smhd]?)$/.exec(text);
  if (!match || Number(match[1]) === 0) throw new Error(`--ttl ${text}: expected e.g. 90s, 30m, 12h or 7d`);
  return Number(match[1]) * { '': 1, s: 1, m: 60, h: 3600, d: 86400 }[match[2]];
}

function parseTokenArguments(args) {
  const claims = { roles: [] };
  for (let i = 0; i < args.length; i += 2) {
    const [flag, value] = [args[i], args[i + 1]];
    if (value === undefined || value.startsWith('--')) throw new Error(`${flag} needs a value`);
    if (flag === '--sub') claims.sub = value;
    else if (flag === '--role') {
      if (!ROLES.includes(value)) throw new Error(`--role ${value}: expected one of ${ROLES.join(', ')}`);
      claims.roles.push(value);
    } else if (flag === '--email') claims.email = value;
    else if (flag === '--name') claims.name = value;
    else if (flag === '--ttl') claims.ttlSeconds = parseTtl(value);
    else throw new Error(`unknown option ${flag}`);
  }
  if (!claims.sub) throw new Error('--sub is required (the practitioner id for practitioners)');
  if (claims.roles.length === 0) throw new Error(`at least one --role is required (${ROLES.join(', ')})`);
  return claims;
}

const USAGE = `usage:
  local-issuer.cjs init
  local-issuer.cjs token --sub ID --role practitioner|staff|admin [--role ...] [--email E] [--name N] [--ttl 1h]
  local-issuer.cjs rotate`;

function main(argv) {
  const [command, ...args] = argv;
  try {
    if (command === 'init' || command === 'rotate') {
      const issuer = command === 'init' ? ensureLocalIssuer() : rotateLocalIssuer();
      process.stdout.write(
        `local issuer ${issuer.issuer}: signing key ${issuer.kid}, JWKS ${issuer.jwksUrl}\n`,
      );
    } else if (command === 'token') {
      process.stdout.write(`${mintToken(parseTokenArguments(args))}\n`);
    } else {
      process.stderr.write(`${USAGE}\n`);
      process.exitCode = 2;
    }
  } catch (error) {
    process.stderr.write(`local-issuer: ${error.message}\n${USAGE}\n`);
    process.exitCode = 2;
  }
}

if (require.main === module) main(process.argv.slice(2));

module.exports = {
  ensureLocalIssuer,
  signJwt,
  mintToken,
  LOCAL_ISSUER,
  AUDIENCE,
  LOCAL_ACCOUNTS,
  PORTAL_CLIENT,
};
