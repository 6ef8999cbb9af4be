import path from 'node:path';

import { LOCAL_ISSUER, loadConfig } from '@cme/platform';
import { z } from 'zod';

/** The local OpenID provider's client (infra/local/identity/local-issuer.cjs names the same). */
const LOCAL_CLIENT_ID = 'cme-portal';
const LOCAL_CLIENT_SECRET = 'local-portal-secret';
/** Development only: production refuses it, so a deployment cannot run with a secret that is in the sources. */
const LOCAL_SESSION_SECRET = 'local-development-session-secret-never-in-production';

const httpUrl = z.url({ protocol: /^https?$/, error: 'expected an http:// or https:// URL' });
const origin = httpUrl.transform((url) => url.replace(/\/$/, ''));

/** The portal's variables: like the services' (libs/platform), validated once at boot. */
export const portalConfigSchema = z
  .object({
    NODE_ENV: z.enum(['development', 'test', 'production']).default('development'),
    HOST: z.string().min(1).default('127.0.0.1'),
    PORT: z.coerce.number().int().min(0).max(65535).default(3000),
    LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
    /** Where browsers reach the portal: the OIDC redirect URI and the cookies' `Secure` follow from it. */
    PORTAL_PUBLIC_URL: origin.default('http://127.0.0.1:3000'),
    /** The built single-page app (vite build); by default beside the built server. */
    PORTAL_APP_DIR: z.string().min(1).optional(),

    OIDC_ISSUER: httpUrl.default(LOCAL_ISSUER),
    OIDC_CLIENT_ID: z.string().min(1).default(LOCAL_CLIENT_ID),
    OIDC_CLIENT_SECRET: z.string().min(1).default(LOCAL_CLIENT_SECRET),
    /** `offline_access` asks for a refresh token; `api` is the local provider's scope for the services. */
    OIDC_SCOPES: z.string().min(1).default('openid profile email offline_access api'),
    /** RFC 8707 resource indicator for the API's access tokens, when the provider wants one. */
    OIDC_RESOURCE: z.string().min(1).optional(),

    /** Encrypts the session cookie (at least 32 characters; rotate by restarting with a new one). */
    SESSION_SECRET: z.string().min(32, 'expected at least 32 characters').default(LOCAL_SESSION_SECRET),
    /** A session lasts this long after sign-in, however often its access token is refreshed. */
    SESSION_TTL_HOURS: z.coerce.number().int().min(1).max(720).default(12),

    CATALOG_URL: origin.default('http://127.0.0.1:3001'),
    CREDITS_URL: origin.default('http://127.0.0.1:3002'),
    NOTIFICATIONS_URL: origin.default('http://127.0.0.1:3003'),
  })
  .superRefine((config, context) => {
    if (config.NODE_ENV !== 'production') return;
    const problem = (variable: string, message: string) =>
      context.addIssue({ code: 'custom', path: [variable], message });
    if (config.SESSION_SECRET === LOCAL_SESSION_SECRET) {
      problem('SESSION_SECRET', 'required in production (a random secret of at least 32 characters)');
    }
    if (config.OIDC_ISSUER === LOCAL_ISSUER) {
      problem('OIDC_ISSUER', 'must name the OIDC provider in production, not the local one');
    }
    if (config.OIDC_CLIENT_SECRET === LOCAL_CLIENT_SECRET) {
      problem('OIDC_CLIENT_SECRET', 'required in production');
    }
    if (!config.PORTAL_PUBLIC_URL.startsWith('https://')) {
      problem('PORTAL_PUBLIC_URL', 'must be https:// in production');
    }
  });

export type PortalConfig = z.infer<typeof portalConfigSchema>;

/** The services the portal forwards `/api/<service>/v1/...` to. */
export const PROXIED_SERVICES = ['catalog', 'credits', 'notifications'] as const;
export type ProxiedService = (typeof PROXIED_SERVICES)[number];

export interface PortalSettings {
  publicUrl: string;
  appDir: string;
  /** Cookies are `Secure` (and `__Host-` prefixed) unless the portal is served over http on a loopback host. */
  secureCookies: boolean;
  sessionSecret: string;
  sessionTtlSeconds: number;
  oidc: {
    issuer: string;
    clientId: string;
    clientSecret: string;
    scopes: string;
    resource?: string;
    redirectUri: string;
    postLogoutRedirectUri: string;
  };
  services: Record<ProxiedService, string>;
}

const LOOPBACK_HOSTS = new Set(['127.0.0.1', 'localhost', '[::1]']);

export function portalSettingsOf(config: PortalConfig): PortalSettings {
  const publicUrl = new URL(config.PORTAL_PUBLIC_URL);
  return {
    publicUrl: config.PORTAL_PUBLIC_URL,
    appDir: config.PORTAL_APP_DIR ?? path.join(__dirname, 'app'),
    secureCookies: !(publicUrl.protocol === 'http:' && LOOPBACK_HOSTS.has(publicUrl.hostname)),
    sessionSecret: config.SESSION_SECRET,
    sessionTtlSeconds: config.SESSION_TTL_HOURS * 3600,
    oidc: {
      issuer: config.OIDC_ISSUER,
      clientId: config.OIDC_CLIENT_ID,
      clientSecret: config.OIDC_CLIENT_SECRET,
      scopes: config.OIDC_SCOPES,
      resource: config.OIDC_RESOURCE,
      redirectUri: `${config.PORTAL_PUBLIC_URL}/auth/callback`,
      postLogoutRedirectUri: `${config.PORTAL_PUBLIC_URL}/`,
    },
    services: {
      catalog: config.CATALOG_URL,
      credits: config.CREDITS_URL,
      notifications: config.NOTIFICATIONS_URL,
    },
  };
}

export function loadPortalSettings(env: Record<string, string | undefined> = process.env) {
  const config = loadConfig(portalConfigSchema, env);
  return { config, settings: portalSettingsOf(config) };
}
