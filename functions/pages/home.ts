/** Everyone's pages: home (the work of each of my roles), my notifications, and signing out. */
import { myNotifications } from '#shared/use-cases/my-notifications';
import { navigation, to } from '#shared/views/chrome';
import { heading, table } from '#shared/views/components';
import { html } from '#shared/views/html';
import { page } from '#shared/views/layout';
import { pageRoute } from './page.ts';
import { pages } from './routes.ts';
import { clearSessionCookie } from './session.ts';
import { servePages } from './serve-pages.ts';
import * as adapters from '#shared/store/adapters';

/** The ports these pages take besides the agreement: their function carries these stores only. */
const PORTS = { notices: adapters.notices };

const ROLE_NAMES: Record<string, string> = {
  'finance-officer': 'Finance officer',
  'raa-manager': 'RAA manager',
  'scb-member': 'Strategic Commissioning Board member',
  'lead-member': "Lead member (Lead Members' RAA Board)",
  admin: 'Administrator',
};

export const home = pageRoute(pages.home, PORTS, {
  view: async ({ caller, agency, chrome, deps }) => {
    const items = agency ? navigation(caller, agency, deps.clock.now().toISOString().slice(0, 10)).filter((i) => i.href !== to.notices()) : [];
    return page({
      title: 'Home',
      chrome,
      content: html`${heading(agency?.name, 'Your work')}
        <p class="govuk-body">You are signed in as <strong>${caller.sub}</strong>: ${caller.groups.map((g) => ROLE_NAMES[g] ?? g).join(', ')}${caller.council ? html` (${caller.council})` : ''}.</p>
        ${items.length > 0
          ? html`<ul class="govuk-list govuk-list--spaced">${items.map((i) => html`<li><a class="govuk-link govuk-!-font-weight-bold" href="${i.href}">${i.text}</a></li>`)}</ul>`
          : html`<p class="govuk-body">Your account is not a member of any agency on this service yet. Ask your agency's administrator to set up your account.</p>`}
        <p class="govuk-body"><a class="govuk-link" href="${to.notices()}">Your notifications</a></p>`,
    });
  },
});

export const notices = pageRoute(pages.notices, PORTS, {
  view: async ({ caller, chrome, deps }) => {
    const notices = await myNotifications(deps, caller);
    return page({
      title: 'Your notifications',
      chrome,
      content: html`${heading(undefined, 'Your notifications')}
        ${notices.length === 0
          ? html`<p class="govuk-body">You have no notifications.</p>`
          : table({
              caption: `${notices.length} notification${notices.length === 1 ? '' : 's'}, newest first`,
              captionClass: 'govuk-table__caption--s',
              columns: [{ head: 'When' }, { head: 'Subject' }, { head: 'Detail' }],
              rows: notices.map((n) => [n.createdAt.slice(0, 16).replace('T', ' '), n.subject, n.body]),
            })}`,
    });
  },
});

/** Signing out changes something (it ends the session), so it is a POST with the CSRF token. */
export const signOut = pageRoute(pages.signOut, PORTS, {
  submit: async ({ host }) => {
    const domain = process.env.COGNITO_DOMAIN;
    const origin = process.env.PAGES_ORIGIN;
    const clientId = process.env.USER_POOL_CLIENT_ID;
    // In AWS the hosted sign-in's own session ends too, or the next sign-in would skip the password.
    const redirect = domain && origin && clientId ? `https://${domain}/logout?client_id=${encodeURIComponent(clientId)}&logout_uri=${encodeURIComponent(`${origin}/signed-out`)}` : '/sign-in?signed-out=1';
    return { redirect, cookies: [clearSessionCookie(host)] };
  },
});

export const signedOut = pageRoute(pages.signedOut, PORTS, {
  view: async ({ chrome }) => page({ title: 'You have signed out', chrome, content: html`${heading(undefined, 'You have signed out')}<p class="govuk-body"><a class="govuk-link" href="${to.signIn()}">Sign in again</a></p>` }),
});

/** This audience's function: its pages by address; any other address is the 404 page. */
export const handler = servePages({ home, notices, signOut, signedOut });
