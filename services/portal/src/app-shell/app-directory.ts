/** Where the built single-page app is (PORTAL_APP_DIR). */
export class AppDirectory {
  constructor(readonly root: string) {}
}
