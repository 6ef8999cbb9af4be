import { type NotificationsConfig } from '../notifications-config';
import { type UnsubscribeTokens } from './unsubscribe-tokens';

/** The links of an email's List-Unsubscribe header: the signed one-click link, and a mailto. */
export function unsubscribeLinks(
  tokens: UnsubscribeTokens,
  config: Pick<NotificationsConfig, 'PUBLIC_URL' | 'UNSUBSCRIBE_MAILTO'>,
  practitionerId: string,
  now: Date,
): { url: string; mailto: string } {
  return {
    url: `${config.PUBLIC_URL.replace(/\/$/, '')}/v1/unsubscribe?token=${tokens.issue(practitionerId, now)}`,
    mailto: `mailto:${config.UNSUBSCRIBE_MAILTO}?subject=unsubscribe%20${encodeURIComponent(practitionerId)}`,
  };
}

/** RFC 2369 and RFC 8058 (one-click) headers for those links. */
export function listUnsubscribeHeaders(links: { url: string; mailto: string }): Record<string, string> {
  return {
    'List-Unsubscribe': `<${links.url}>, <${links.mailto}>`,
    'List-Unsubscribe-Post': 'List-Unsubscribe=One-Click',
  };
}
