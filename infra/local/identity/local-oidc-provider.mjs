#!/usr/bin/env node
// The local OpenID provider (development and tests only; production uses Keycloak, Auth0, Entra ID...):
// a real OpenID Connect provider built on `oidc-provider`, signing with the local issuer's key, so that the
// access tokens it issues for the API pass the services' checks exactly like `npm run token`'s tokens.
//
//   node infra/local/identity/local-oidc-provider.mjs      (the stack launcher, `npm start`, runs it)
//
// Authorization code + PKCE, refresh tokens, RP-initiated logout. One client, the portal (confidential,
// PKCE required). Accounts with local passwords (infra/local/README.md): never deploy this.
//
// Environment (all optional):
//   CME_LOCAL_ISSUER         issuer URL, where it listens                  http://127.0.0.1:3010
//   LOCAL_OIDC_PORTAL_URLS   the portal's origins (redirects are checked)  http://127.0.0.1:3000
//   LOCAL_OIDC_ACCESS_TOKEN_TTL  seconds                                   600
import { randomBytes } from 'node:crypto';
import { createServer } from 'node:http';
import { createRequire } from 'node:module';

import Provider from 'oidc-provider';

const require = createRequire(import.meta.url);
const {
  ensureLocalIssuer,
  LOCAL_ISSUER,
  AUDIENCE,
  LOCAL_ACCOUNTS,
  PORTAL_CLIENT,
} = require('./local-issuer.cjs');

/** The API is one resource server; its tokens carry `aud: cme-tracker` as the services expect. */
const API_RESOURCE = 'urn:cme-tracker:api';
const API_SCOPE = 'api';

const issuerUrl = new URL(LOCAL_ISSUER);
const portalUrls = (process.env.LOCAL_OIDC_PORTAL_URLS ?? 'http://127.0.0.1:3000')
  .split(',')
  .map((url) => url.trim().replace(/\/$/, ''))
  .filter(Boolean);
const accessTokenTtl = Number(process.env.LOCAL_OIDC_ACCESS_TOKEN_TTL ?? 600);

if (process.env.NODE_ENV === 'production') {
  console.error('local-oidc-provider: refusing to run with NODE_ENV=production (local accounts, local keys)');
  process.exit(1);
}

const signing = ensureLocalIssuer();
const accountsById = new Map(LOCAL_ACCOUNTS.map((account) => [account.id, account]));

const escapeHtml = (text) => String(text).replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

function page(title, body) {
  return `<!doctype html><html lang="en"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1"><title>${escapeHtml(title)}</title>
<style>body{font-family:system-ui,sans-serif;max-width:22rem;margin:3rem auto;padding:0 1rem;color:#1a1b1e}
label{display:block;margin-top:1rem}input{width:100%;box-sizing:border-box;padding:.5rem;font-size:1rem}
button{margin-top:1.25rem;width:100%;padding:.6rem;font-size:1rem;background:#1c7ed6;color:#fff;border:0;border-radius:4px}
.error{color:#c92a2a}.hint{color:#495057;font-size:.875rem}</style></head>
<body><main>${body}</main></body></html>`;
}

function loginPage(uid, { error, login = '' } = {}) {
  return page(
    'Sign in – CME tracker (local)',
    `<h1>Sign in</h1>
<p class="hint">Local identity provider for development. Accounts are listed in infra/local/README.md.</p>
${error ? `<p class="error" role="alert">${escapeHtml(error)}</p>` : ''}
<form method="post" action="/interaction/${escapeHtml(uid)}/login" autocomplete="off">
<label for="login">Username</label><input id="login" name="login" value="${escapeHtml(login)}" required autofocus>
<label for="password">Password</label><input id="password" name="password" type="password" required>
<button type="submit">Sign in</button></form>`,
  );
}

const configuration = {
  clients: [
    {
      client_id: PORTAL_CLIENT.id,
      client_secret: PORTAL_CLIENT.secret,
      grant_types: ['authorization_code', 'refresh_token'],
      response_types: ['code'],
      token_endpoint_auth_method: 'client_secret_basic',
      redirect_uris: portalUrls.map((url) => `${url}/auth/callback`),
      post_logout_redirect_uris: portalUrls.map((url) => `${url}/`),
    },
  ],
  jwks: {
    keys: [{ ...signing.privateKey.export({ format: 'jwk' }), kid: signing.kid, alg: 'RS256', use: 'sig' }],
  },
  // Session and interaction cookies: a fresh secret per start (sessions do not outlive the process anyway).
  cookies: { keys: [randomBytes(32).toString('base64url')] },
  scopes: ['openid', 'offline_access', 'profile', 'email', API_SCOPE],
  claims: { openid: ['sub'], profile: ['name', 'roles'], email: ['email'] },
  // The ID token carries the profile claims (the portal shows the name and reads the roles from it).
  conformIdTokenClaims: false,
  pkce: { required: () => true },
  features: {
    devInteractions: { enabled: false },
    rpInitiatedLogout: {
      enabled: true,
      // The portal asks for sign-out with the ID token: sign out at once (the form posts itself).
      logoutSource: async (ctx, form) => {
        ctx.body = page(
          'Signing out – CME tracker (local)',
          `<h1>Signing out…</h1>${form}
<button type="submit" form="op.logoutForm" name="logout" value="yes">Sign out</button>
<script>document.forms['op.logoutForm'].requestSubmit(document.querySelector('button[name=logout]'))</script>`,
        );
      },
    },
    resourceIndicators: {
      enabled: true,
      defaultResource: async () => API_RESOURCE,
      useGrantedResource: async () => true,
      getResourceServerInfo: async (_ctx, resourceIndicator) => {
        if (resourceIndicator !== API_RESOURCE) throw new Provider.errors.InvalidTarget();
        return {
          scope: API_SCOPE,
          audience: AUDIENCE,
          accessTokenTTL: accessTokenTtl,
          accessTokenFormat: 'jwt',
          jwt: { sign: { alg: 'RS256' } },
        };
      },
    },
  },
  // What the services read from a token besides `sub`: the roles, and the name and email as defaults.
  extraTokenClaims: async (_ctx, token) => {
    const account = accountsById.get(token.accountId);
    return account && { roles: account.roles, email: account.email, name: account.name };
  },
  findAccount: async (_ctx, id) => {
    const account = accountsById.get(id);
    if (!account) return undefined;
    return {
      accountId: id,
      claims: async () => ({ sub: id, name: account.name, email: account.email, roles: account.roles }),
    };
  },
  // The portal is first-party: no consent screen; its grant covers what it asks for.
  loadExistingGrant: async (ctx) => {
    const { provider, client, session, result } = ctx.oidc;
    const grantId = result?.consent?.grantId ?? session.grantIdFor(client.clientId);
    if (grantId) return provider.Grant.find(grantId);
    const grant = new provider.Grant({ clientId: client.clientId, accountId: session.accountId });
    grant.addOIDCScope(`openid offline_access profile email ${API_SCOPE}`);
    grant.addResourceScope(API_RESOURCE, API_SCOPE);
    await grant.save();
    return grant;
  },
  issueRefreshToken: async (_ctx, client) => client.grantTypeAllowed('refresh_token'),
  interactions: { url: (_ctx, interaction) => `/interaction/${interaction.uid}` },
  ttl: {
    AccessToken: accessTokenTtl,
    AuthorizationCode: 60,
    IdToken: 3600,
    Interaction: 600,
    Grant: 14 * 24 * 3600,
    RefreshToken: 14 * 24 * 3600,
    Session: 14 * 24 * 3600,
  },
  renderError: async (ctx, out) => {
    ctx.type = 'html';
    ctx.body = page(
      'Sign-in error',
      `<h1>Sign-in error</h1><p class="error">${escapeHtml(out.error_description ?? out.error)}</p>`,
    );
  },
};

const provider = new Provider(issuerUrl.href.replace(/\/$/, ''), configuration);

async function readForm(req) {
  let body = '';
  for await (const chunk of req) {
    body += chunk;
    if (body.length > 4096) throw new Error('form too large');
  }
  return new URLSearchParams(body);
}

async function handleInteraction(req, res, uid, action) {
  const details = await provider.interactionDetails(req, res);
  if (details.uid !== uid) throw new Error('interaction mismatch');
  if (req.method === 'GET') {
    res.writeHead(200, { 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-store' });
    res.end(loginPage(uid));
    return;
  }
  if (req.method !== 'POST' || action !== 'login') {
    res.writeHead(405).end();
    return;
  }
  const form = await readForm(req);
  const login = form.get('login') ?? '';
  const account = LOCAL_ACCOUNTS.find((candidate) => candidate.login === login);
  if (!account || account.password !== form.get('password')) {
    res.writeHead(200, { 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-store' });
    res.end(loginPage(uid, { error: 'Unknown username or wrong password.', login }));
    return;
  }
  await provider.interactionFinished(
    req,
    res,
    { login: { accountId: account.id } },
    { mergeWithLastSubmission: false },
  );
}

const providerCallback = provider.callback();
const server = createServer((req, res) => {
  const { pathname } = new URL(req.url, issuerUrl);
  if (pathname === '/health/live' || pathname === '/health/ready') {
    res.writeHead(200, { 'content-type': 'application/json' }).end('{"status":"ok"}');
    return;
  }
  const interaction = /^\/interaction\/([\w-]+)(?:\/(login))?$/.exec(pathname);
  if (!interaction) {
    providerCallback(req, res);
    return;
  }
  handleInteraction(req, res, interaction[1], interaction[2]).catch((error) => {
    console.error(`interaction failed: ${error.message}`);
    if (!res.headersSent) {
      res.writeHead(400, { 'content-type': 'text/html; charset=utf-8' });
      res.end(
        page('Sign-in expired', '<h1>Sign-in expired</h1><p>Go back to the portal and sign in again.</p>'),
      );
    }
  });
});

server.listen(Number(issuerUrl.port || 80), issuerUrl.hostname, () => {
  console.log(
    JSON.stringify({
      msg: 'local OpenID provider listening',
      issuer: provider.issuer,
      kid: signing.kid,
      clients: [PORTAL_CLIENT.id],
      redirectUris: configuration.clients[0].redirect_uris,
    }),
  );
});
for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => server.close(() => process.exit(0)));
