import * as oidc from 'openid-client';

import { type PortalSettings } from '../portal-config';

/** What the portal keeps of a token response. */
export interface TokenSet {
  accessToken: string;
  /** Epoch seconds. */
  accessTokenExpiresAt: number;
  refreshToken?: string;
  idToken?: string;
}

export interface SignedInUser {
  sub: string;
  name?: string;
  email?: string;
  roles: string[];
}

/** A sign-in in progress: kept in a short-lived sealed cookie between the redirect and the callback. */
export interface PendingSignIn {
  state: string;
  nonce: string;
  codeVerifier: string;
  returnTo: string;
}

const DEFAULT_ACCESS_TOKEN_SECONDS = 300;

/** The provider said no (expired refresh token, revoked grant...): the user must sign in again. */
export class SignInRequiredError extends Error {
  override name = 'SignInRequiredError';
}

function toTokenSet(response: oidc.TokenEndpointResponse & oidc.TokenEndpointResponseHelpers, now: number) {
  return {
    accessToken: response.access_token,
    accessTokenExpiresAt: now + (response.expiresIn() ?? DEFAULT_ACCESS_TOKEN_SECONDS),
    refreshToken: response.refresh_token,
    idToken: response.id_token,
  };
}

/**
 * The OpenID Connect relying party (openid-client): authorization code with PKCE, refresh, RP-initiated
 * logout. The provider's metadata is discovered on first use, so the portal starts before its provider.
 */
export class OidcClient {
  private configuration?: Promise<oidc.Configuration>;

  constructor(private readonly settings: PortalSettings['oidc']) {}

  private config(): Promise<oidc.Configuration> {
    this.configuration ??= oidc
      .discovery(
        new URL(this.settings.issuer),
        this.settings.clientId,
        this.settings.clientSecret,
        undefined,
        // Only the local provider is served over http (the config refuses it in production).
        new URL(this.settings.issuer).protocol === 'http:' ? { execute: [oidc.allowInsecureRequests] } : {},
      )
      .catch((error: unknown) => {
        this.configuration = undefined;
        throw error;
      });
    return this.configuration;
  }

  /** Where to send the browser to sign in, and what to remember until it comes back. */
  async startSignIn(returnTo: string): Promise<{ url: string; pending: PendingSignIn }> {
    const config = await this.config();
    const pending: PendingSignIn = {
      state: oidc.randomState(),
      nonce: oidc.randomNonce(),
      codeVerifier: oidc.randomPKCECodeVerifier(),
      returnTo,
    };
    const url = oidc.buildAuthorizationUrl(config, {
      redirect_uri: this.settings.redirectUri,
      scope: this.settings.scopes,
      code_challenge: await oidc.calculatePKCECodeChallenge(pending.codeVerifier),
      code_challenge_method: 'S256',
      state: pending.state,
      nonce: pending.nonce,
      ...(this.settings.resource && { resource: this.settings.resource }),
    });
    return { url: url.href, pending };
  }

  /** Exchanges the code of the provider's redirect (`callbackUrl`, with its query) for tokens. */
  async finishSignIn(
    callbackUrl: URL,
    pending: PendingSignIn,
  ): Promise<{ tokens: TokenSet; user: SignedInUser }> {
    const response = await oidc.authorizationCodeGrant(await this.config(), callbackUrl, {
      pkceCodeVerifier: pending.codeVerifier,
      expectedState: pending.state,
      expectedNonce: pending.nonce,
      idTokenExpected: true,
    });
    const claims = response.claims()!;
    const roles = Array.isArray(claims.roles) ? claims.roles.filter((r) => typeof r === 'string') : [];
    return {
      tokens: toTokenSet(response, Math.floor(Date.now() / 1000)),
      user: {
        sub: claims.sub,
        roles,
        ...(typeof claims.name === 'string' && { name: claims.name }),
        ...(typeof claims.email === 'string' && { email: claims.email }),
      },
    };
  }

  async refresh(refreshToken: string): Promise<TokenSet> {
    try {
      const response = await oidc.refreshTokenGrant(
        await this.config(),
        refreshToken,
        this.settings.resource ? { resource: this.settings.resource } : undefined,
      );
      const tokens = toTokenSet(response, Math.floor(Date.now() / 1000));
      // Providers that do not rotate refresh tokens answer without one: the current one stays valid.
      return { ...tokens, refreshToken: tokens.refreshToken ?? refreshToken };
    } catch (error) {
      if (error instanceof oidc.ResponseBodyError) throw new SignInRequiredError(error.error);
      throw error;
    }
  }

  /** The provider's end-session URL (RP-initiated logout), back to the portal afterwards. */
  async signOutUrl(idToken: string | undefined): Promise<string> {
    const config = await this.config();
    if (!config.serverMetadata().end_session_endpoint) return this.settings.postLogoutRedirectUri;
    return oidc.buildEndSessionUrl(config, {
      post_logout_redirect_uri: this.settings.postLogoutRedirectUri,
      ...(idToken && { id_token_hint: idToken }),
    }).href;
  }
}
