/** Where browsers reach the portal (PORTAL_PUBLIC_URL): the base of the OIDC callback URL. */
export class PortalLinks {
  /** The portal's origin, as browsers send it in `Origin`. */
  readonly origin: string;

  constructor(readonly publicUrl: string) {
    this.origin = new URL(publicUrl).origin;
  }

  /** The portal's sign-in, which brings the browser back to `returnTo` (a path of the portal) afterwards. */
  signIn(returnTo: string): string {
    return `/auth/login?returnTo=${encodeURIComponent(returnTo)}`;
  }
}
