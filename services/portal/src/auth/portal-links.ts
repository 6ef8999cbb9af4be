/** Where browsers reach the portal (PORTAL_PUBLIC_URL): the base of the OIDC callback URL. */
export class PortalLinks {
  constructor(readonly publicUrl: string) {}
}
