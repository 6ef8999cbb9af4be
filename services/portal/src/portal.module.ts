import { type DynamicModule, Module } from '@nestjs/common';

import { ApiProxyController } from './api-proxy/api-proxy.controller';
import { ApiProxyService } from './api-proxy/api-proxy.service';
import { AppDirectory } from './app-shell/app-directory';
import { AppShellController } from './app-shell/app-shell.controller';
import { AuthController } from './auth/auth.controller';
import { OidcClient } from './auth/oidc-client';
import { PortalLinks } from './auth/portal-links';
import { type PortalSettings } from './portal-config';
import { SessionService } from './session/session.service';

@Module({})
export class PortalModule {
  /** `oidc` is replaceable so that tests can stand in for the provider. */
  static forRoot(settings: PortalSettings, oidc: OidcClient = new OidcClient(settings.oidc)): DynamicModule {
    return {
      module: PortalModule,
      controllers: [AuthController, ApiProxyController, AppShellController],
      providers: [
        { provide: SessionService, useValue: new SessionService(settings) },
        { provide: OidcClient, useValue: oidc },
        { provide: ApiProxyService, useValue: new ApiProxyService(settings.services, oidc) },
        { provide: PortalLinks, useValue: new PortalLinks(settings.publicUrl) },
        { provide: AppDirectory, useValue: new AppDirectory(settings.appDir) },
      ],
    };
  }
}
