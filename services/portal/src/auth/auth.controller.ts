import { Controller, Get, Post, Req, Res } from '@nestjs/common';
import { type FastifyReply, type FastifyRequest } from 'fastify';

import { PortalProblems } from '../portal-problems';
import { SessionService } from '../session/session.service';
import { OidcClient } from './oidc-client';
import { PortalLinks } from './portal-links';

/** Only paths of this portal are places to return to after sign-in (no open redirect). */
export function safeReturnTo(value: unknown): string {
  return typeof value === 'string' && /^\/(?![/\\])[^\s]*$/.test(value) ? value : '/';
}

function page(title: string, message: string): string {
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>${title}</title></head><body><main><h1>${title}</h1><p>${message}</p><p><a href="/auth/login">Sign in again</a></p></main></body></html>`;
}

/** Sign-in (authorization code + PKCE), the session the app reads, and sign-out at both ends. */
@Controller('auth')
export class AuthController {
  constructor(
    private readonly sessions: SessionService,
    private readonly oidc: OidcClient,
    private readonly links: PortalLinks,
  ) {}

  @Get('login')
  async login(@Req() request: FastifyRequest, @Res() reply: FastifyReply): Promise<void> {
    const returnTo = safeReturnTo((request.query as Record<string, unknown>).returnTo);
    let started: Awaited<ReturnType<OidcClient['startSignIn']>>;
    try {
      started = await this.oidc.startSignIn(returnTo);
    } catch (error) {
      request.log.error({ err: error }, 'the OpenID provider cannot be reached');
      const { title, detail } = PortalProblems.signInFailed();
      await reply.status(502).type('text/html; charset=utf-8').send(page(title, detail));
      return;
    }
    await reply
      .header('set-cookie', this.sessions.writePendingSignIn(started.pending))
      .header('cache-control', 'no-store')
      .redirect(started.url, 302);
  }

  @Get('callback')
  async callback(@Req() request: FastifyRequest, @Res() reply: FastifyReply): Promise<void> {
    const pending = this.sessions.readPendingSignIn(request.headers.cookie);
    reply.header('set-cookie', this.sessions.clearPendingSignIn()).header('cache-control', 'no-store');
    if (!pending) {
      await reply.redirect('/auth/login', 302);
      return;
    }
    try {
      const { tokens, user } = await this.oidc.finishSignIn(
        new URL(request.url, this.links.publicUrl),
        pending,
      );
      const session = this.sessions.create(tokens, user);
      reply.header('set-cookie', [this.sessions.clearPendingSignIn(), this.sessions.write(session)]);
      await reply.redirect(pending.returnTo, 302);
    } catch (error) {
      request.log.warn({ err: error }, 'sign-in did not complete');
      await reply
        .status(400)
        .type('text/html; charset=utf-8')
        .send(page('Sign-in did not complete', 'The sign-in was cancelled or has expired.'));
    }
  }

  /** Who is signed in and the CSRF token for state-changing calls; 401 when nobody is. */
  @Get('session')
  async session(@Req() request: FastifyRequest, @Res() reply: FastifyReply): Promise<void> {
    const session = this.sessions.read(request.headers.cookie);
    reply.header('cache-control', 'no-store');
    if (!session) {
      await reply.status(401).type('application/problem+json').send(PortalProblems.signInRequired());
      return;
    }
    await reply.send({ user: session.user, csrfToken: session.csrfToken });
  }

  /** Ends the portal session and answers where to send the browser to end the provider's session too. */
  @Post('logout')
  async logout(@Req() request: FastifyRequest, @Res() reply: FastifyReply): Promise<void> {
    const session = this.sessions.read(request.headers.cookie);
    reply.header('cache-control', 'no-store');
    if (session && !this.sessions.csrfTokenMatches(session, request.headers['x-csrf-token'])) {
      await reply.status(403).type('application/problem+json').send(PortalProblems.csrfRefused());
      return;
    }
    const signOutUrl = session ? await this.oidc.signOutUrl(session.idToken).catch(() => '/') : '/';
    await reply.status(200).header('set-cookie', this.sessions.clear()).send({ signOutUrl });
  }
}
