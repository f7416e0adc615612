/**
 * The page shell: GOV.UK Frontend's template without the Crown's assets.
 * The agency's name stands in the header, the signed-in person's pages in the
 * service navigation; the only script is govuk-frontend's, from this origin.
 */
import { pageAssets } from './assets.ts';
import { html, type Html, type Renderable } from './html.ts';

export interface NavItem {
  href: string;
  text: string;
  /** The other pages this item stands for (another year's, another quarter's, one entry's): it shows as where you are on them. */
  section?: RegExp;
}

/** What every page shows of who is signed in. */
export interface Chrome {
  serviceName: string;
  /** Where the header's name links: the person's home page. */
  homeHref: string;
  nav: NavItem[];
  signedInAs?: string | undefined;
  /** The CSRF token for the sign-out form; absent when signed out. */
  csrf?: string | undefined;
  currentPath?: string | undefined;
}

export interface PageOptions {
  title: string;
  chrome: Chrome;
  content: Renderable;
  /** The page shows errors: its title starts "Error:" as the Design System asks. */
  hasErrors?: boolean;
  backLink?: { href: string; text?: string } | undefined;
  wide?: boolean;
}

export function page(options: PageOptions): Html {
  const assets = pageAssets();
  const { chrome } = options;
  const path = chrome.currentPath;
  // The item's own page is the current page; on another page of its section, the item is where you are (aria-current="true").
  const here = (item: NavItem): 'page' | 'true' | undefined => {
    if (path === undefined) return undefined;
    if (path === item.href) return 'page';
    const inSection = (item.href !== '/' && path.startsWith(`${item.href}/`)) || item.section?.test(path);
    return inSection ? 'true' : undefined;
  };
  return html`<!DOCTYPE html>
<html lang="en-GB" class="govuk-template">
<head>
  <meta charset="utf-8">
  <title>${options.hasErrors ? 'Error: ' : ''}${options.title} – ${chrome.serviceName}</title>
  <meta name="viewport" content="width=device-width, initial-scale=1, viewport-fit=cover">
  <meta name="theme-color" content="#1d70b8">
  <link rel="stylesheet" href="${assets.stylesheet}">
  <script type="module" src="${assets.script}"></script>
</head>
<body class="govuk-template__body">
  <a href="#main-content" class="govuk-skip-link" data-module="govuk-skip-link">Skip to main content</a>
  <header class="govuk-template__header">
    <div class="govuk-generic-header">
      <div class="govuk-generic-header__container govuk-width-container">
        <div class="govuk-generic-header__logo">
          <a href="${chrome.homeHref}" class="govuk-generic-header__homepage-link app-header__agency">${chrome.serviceName}</a>
        </div>
      </div>
    </div>
    <section aria-label="Service information" class="govuk-service-navigation" data-module="govuk-service-navigation">
      <div class="govuk-width-container">
        <div class="govuk-service-navigation__container">
          <span class="govuk-service-navigation__service-name"><span class="govuk-service-navigation__text">Contract and funding</span></span>
          ${chrome.nav.length > 0
            ? html`<nav aria-label="Menu" class="govuk-service-navigation__wrapper">
            <button type="button" class="govuk-service-navigation__toggle govuk-js-service-navigation-toggle" aria-controls="navigation" hidden>Menu</button>
            <ul class="govuk-service-navigation__list" id="navigation">
              ${chrome.nav.map((item) => {
                const current = here(item);
                return current
                  ? html`<li class="govuk-service-navigation__item govuk-service-navigation__item--active"><a class="govuk-service-navigation__link" href="${item.href}" aria-current="${current}"><strong class="govuk-service-navigation__active-fallback">${item.text}</strong></a></li>`
                  : html`<li class="govuk-service-navigation__item"><a class="govuk-service-navigation__link" href="${item.href}">${item.text}</a></li>`;
              })}
            </ul>
          </nav>`
            : ''}
        </div>
      </div>
    </section>
  </header>
  <div class="govuk-width-container">
    ${chrome.signedInAs && chrome.csrf
      ? html`<div class="govuk-!-margin-top-3 govuk-body-s">Signed in as <strong>${chrome.signedInAs}</strong>
      <form method="post" action="/sign-out" class="govuk-!-display-inline govuk-!-margin-left-2"><input type="hidden" name="csrf" value="${chrome.csrf}"><button type="submit" class="govuk-button govuk-button--secondary govuk-!-margin-bottom-0 govuk-!-font-size-16" data-module="govuk-button">Sign out</button></form></div>`
      : ''}
    ${options.backLink ? html`<a href="${options.backLink.href}" class="govuk-back-link">${options.backLink.text ?? 'Back'}</a>` : ''}
    <main class="govuk-main-wrapper" id="main-content">
      ${options.wide ? options.content : html`<div class="govuk-grid-row"><div class="govuk-grid-column-full">${options.content}</div></div>`}
    </main>
  </div>
  <footer class="govuk-footer">
    <div class="govuk-width-container">
      <div class="govuk-footer__meta">
        <div class="govuk-footer__meta-item govuk-footer__meta-item--grow">
          <p class="govuk-body-s govuk-!-margin-bottom-0">${chrome.serviceName}: the agency's contract, funding and performance, shared by its councils. Money and counts only; no child's or adopter's details are held.</p>
        </div>
      </div>
    </div>
  </footer>
</body>
</html>`;
}
