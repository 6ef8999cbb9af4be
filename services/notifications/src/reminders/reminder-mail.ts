import { type RequirementStanding } from '@cme/contracts';
import { Eta } from 'eta';

import { type OutgoingMail } from '../mail/mailer';
import { listUnsubscribeHeaders } from './unsubscribe-links';

/** Everything a reminder email shows; the templates only lay it out. */
export interface ReminderMailContent {
  to: string;
  name: string;
  /** Open requirements, nearest deadline first. */
  requirements: RequirementStanding[];
  unsubscribe: { url: string; mailto: string };
  /** Where a course without its own link is shown. */
  courseUrlOf: (courseId: string) => string;
}

const TEXT = `Dear <%= it.name %>,

<% if (it.requirements.length === 1) { %>
One of your continuing-education requirements still has a gap:
<% } else { %>
<%= it.requirements.length %> of your continuing-education requirements still have gaps:
<% } %>
<% for (const requirement of it.requirements) { %>

* <%= requirement.name %>: due <%= requirement.deadline %>, <%= requirement.remaining %> hours to go
<% for (const component of requirement.components) { %>
    - <%= component.name %>: <%= component.remaining %> of <%= component.required %> hours still needed
<% } %>
<% if (requirement.courses.length > 0) { %>
  Courses that would close it:
<% for (const course of requirement.courses) { %>
    - <%= course.title %> (<%= course.hours %> hours): <%= course.url %>
<% } %>
<% } %>
<% } %>

You receive these reminders because they are switched on in your notification preferences.
Stop them: <%= it.unsubscribe.url %>
`;

const HTML = `<!doctype html>
<html><body style="font-family: sans-serif">
<p>Dear <%= it.name %>,</p>
<p><%= it.requirements.length === 1 ? 'One of your continuing-education requirements still has a gap:' : it.requirements.length + ' of your continuing-education requirements still have gaps:' %></p>
<% for (const requirement of it.requirements) { %>
<h3><%= requirement.name %></h3>
<p>Due <strong><%= requirement.deadline %></strong>: <%= requirement.remaining %> hours to go.</p>
<% if (requirement.components.length > 0) { %>
<ul>
<% for (const component of requirement.components) { %>
<li><%= component.name %>: <%= component.remaining %> of <%= component.required %> hours still needed</li>
<% } %>
</ul>
<% } %>
<% if (requirement.courses.length > 0) { %>
<p>Courses that would close it:</p>
<ul>
<% for (const course of requirement.courses) { %>
<li><a href="<%= course.url %>"><%= course.title %></a> (<%= course.hours %> hours)</li>
<% } %>
</ul>
<% } %>
<% } %>
<p style="font-size: small">You receive these reminders because they are switched on in your notification
preferences. <a href="<%= it.unsubscribe.url %>">Stop them</a>.</p>
</body></html>
`;

// Eta: templates compiled once, HTML escaped by default, no dependencies; the plain-text part is not escaped.
const html = new Eta({ autoEscape: true });
const text = new Eta({ autoEscape: false });
html.loadTemplate('@reminder', HTML);
text.loadTemplate('@reminder', TEXT);

function subjectOf(nearest: RequirementStanding, others: number): string {
  const more = others > 0 ? ` (and ${others} more)` : '';
  return `CME deadline ${nearest.deadline}: ${nearest.remaining} hours to go for ${nearest.name}${more}`;
}

/** A reminder (or a digest of several): every open requirement, its gap, and courses that close it. */
export function reminderMail(content: ReminderMailContent): OutgoingMail {
  const requirements = content.requirements.map((requirement) => ({
    ...requirement,
    courses: requirement.recommendedCourses.slice(0, 3).map((course) => ({
      ...course,
      url: course.url ?? content.courseUrlOf(course.courseId),
    })),
  }));
  const data = { name: content.name, requirements, unsubscribe: content.unsubscribe };
  return {
    to: content.to,
    subject: subjectOf(content.requirements[0], content.requirements.length - 1),
    text: text.render('@reminder', data),
    html: html.render('@reminder', data),
    headers: listUnsubscribeHeaders(content.unsubscribe),
  };
}
