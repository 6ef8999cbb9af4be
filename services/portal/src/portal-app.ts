import path from 'node:path';

import fastifyHelmet from '@fastify/helmet';
import fastifyStatic from '@fastify/static';
import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, type NestFastifyApplication } from '@nestjs/platform-fastify';
import { createPinoLogger, JsonLogger } from '@cme/platform';
import { type DestinationStream } from 'pino';

import { type OidcClient } from './auth/oidc-client';
import { type PortalConfig, type PortalSettings } from './portal-config';
import { PortalModule } from './portal.module';

/** Uploads (certificates) pass through to the services, which enforce their own, smaller limits. */
const BODY_LIMIT_BYTES = 12 * 1024 * 1024;

/** The portal's Nest application, not yet listening (tests use it directly). */
export async function createPortalApp(
  config: Pick<PortalConfig, 'LOG_LEVEL'>,
  settings: PortalSettings,
  options: { oidc?: OidcClient; logDestination?: DestinationStream } = {},
): Promise<NestFastifyApplication> {
  const pino = createPinoLogger('portal', config.LOG_LEVEL, options.logDestination);
  const adapter = new FastifyAdapter({ bodyLimit: BODY_LIMIT_BYTES });
  const app = await NestFactory.create<NestFastifyApplication>(
    PortalModule.forRoot(settings, options.oidc),
    adapter,
    { logger: new JsonLogger(pino), abortOnError: false, bodyParser: false },
  );
  app.enableShutdownHooks();
  const fastify = adapter.getInstance();
  // Bodies go to the services as they came: the portal parses none of them.
  fastify.removeAllContentTypeParsers();
  fastify.addContentTypeParser('*', { parseAs: 'buffer' }, (_request, body, done) => done(null, body));
  await app.register(fastifyHelmet as never, {
    contentSecurityPolicy: {
      directives: {
        defaultSrc: ["'self'"],
        // The component library sets element styles at run time.
        styleSrc: ["'self'", "'unsafe-inline'"],
        imgSrc: ["'self'", 'data:'],
        connectSrc: ["'self'"],
        formAction: ["'self'"],
        frameAncestors: ["'none'"],
        upgradeInsecureRequests: settings.secureCookies ? [] : null,
      },
    },
    strictTransportSecurity: settings.secureCookies,
  });
  // The built assets (their names carry a content hash); index.html comes through the page route.
  await app.register(fastifyStatic as never, {
    root: path.join(settings.appDir, 'assets'),
    prefix: '/assets/',
    immutable: true,
    maxAge: '365d',
    index: false,
  });
  return app;
}
