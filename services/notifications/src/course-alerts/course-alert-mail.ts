import { Eta } from 'eta';

import { type OutgoingMail } from '../mail/mailer';
import { listUnsubscribeHeaders } from '../reminders/unsubscribe-links';
import { type CatalogCourseDocument } from './catalog-course.schema';
import { type GapMatch } from './course-gap-match';

/** Everything a course alert shows; the templates only lay it out. */
export interface CourseAlertContent {
  to: string;
  name: string;
  course: Pick<
    CatalogCourseDocument,
    'title' | 'provider' | 'format' | 'credits' | 'availableUntil' | 'endsOn'
  >;
  /** Where the course is taken (its own link, or the portal's page of it). */
  courseUrl: string;
  /** The open requirements it would advance, nearest deadline first. */
  gaps: GapMatch[];
  unsubscribe: { url: string; mailto: string };
}

const TEXT = `Dear <%= it.name %>,

A course just published in the catalog counts toward <%= it.gaps.length === 1 ? 'a requirement' : 'requirements' %> you still have open:

<%= it.course.title %> (<%= it.course.provider %>, <%= it.course.format %>)
Credit: <%= it.credits %>
<% if (it.until) { %>
Available until <%= it.until %>
<% } %>
<%= it.courseUrl %>

<% for (const gap of it.gaps) { %>
* <%= gap.name %>: due <%= gap.deadline %>
<% for (const component of gap.components) { %>
    - <%= component.name %>: up to <%= component.hours %> hours
<% } %>
<% } %>

You receive course alerts because they are switched on in your notification preferences.
Stop reminder emails: <%= it.unsubscribe.url %>
`;

const HTML = `<!doctype html>
<html><body style="font-family: sans-serif">
<p>Dear <%= it.name %>,</p>
<p>A course just published in the catalog counts toward <%= it.gaps.length === 1 ? 'a requirement' : 'requirements' %> you still have open:</p>
<p><a href="<%= it.courseUrl %>"><strong><%= it.course.title %></strong></a> (<%= it.course.provider %>, <%= it.course.format %>)<br>
Credit: <%= it.credits %><% if (it.until) { %><br>Available until <%= it.until %><% } %></p>
<% for (const gap of it.gaps) { %>
<h3><%= gap.name %></h3>
<p>Due <strong><%= gap.deadline %></strong>.</p>
<ul>
<% for (const component of gap.components) { %>
<li><%= component.name %>: up to <%= component.hours %> hours</li>
<% } %>
</ul>
<% } %>
<p style="font-size: small">You receive course alerts because they are switched on in your notification
preferences. <a href="<%= it.unsubscribe.url %>">Stop reminder emails</a>.</p>
</body></html>
`;

// As the reminder email: compiled once, HTML escaped by default, the plain-text part not escaped.
const html = new Eta({ autoEscape: true });
const text = new Eta({ autoEscape: false });
html.loadTemplate('@course-alert', HTML);
text.loadTemplate('@course-alert', TEXT);

/** A newly published course that would close part of the practitioner's open gaps. */
export function courseAlertMail(content: CourseAlertContent): OutgoingMail {
  const gaps = [...content.gaps].sort((a, b) => a.deadline.localeCompare(b.deadline));
  const data = {
    ...content,
    gaps,
    credits: content.course.credits.map(({ type, amount }) => `${amount} ${type}`).join(', '),
    until: content.course.endsOn ?? content.course.availableUntil,
  };
  return {
    to: content.to,
    subject: `New course for your ${gaps[0].name} (due ${gaps[0].deadline}): ${content.course.title}`,
    text: text.render('@course-alert', data),
    html: html.render('@course-alert', data),
    headers: listUnsubscribeHeaders(content.unsubscribe),
  };
}
