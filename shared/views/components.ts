/**
 * The GOV.UK Design System components the pages use, as functions that
 * return escaped `Html`. Field ids follow the API's field paths
 * (`lines.0.amountPence` is `lines-0-amountPence`), so an error the API names
 * links from the error summary straight to its field.
 */
import { formatPounds } from '../domain/money.ts';
import { html, type Html, type Renderable } from './html.ts';

/** A problem to show in the error summary and beside its field. */
export interface Problem {
  /** The API's field path (`placements`, `lines.0.amountPence`); absent for the form as a whole. */
  field?: string | undefined;
  text: string;
}

export type Problems = readonly Problem[];

export function fieldId(path: string): string {
  return path.replace(/[^A-Za-z0-9_-]+/g, '-');
}

export function problemFor(problems: Problems | undefined, field: string): string | undefined {
  return problems?.find((p) => p.field === field)?.text;
}

export function errorSummary(problems: Problems | undefined, fallbackField?: string): Html | undefined {
  if (!problems || problems.length === 0) return undefined;
  return html`<div class="govuk-error-summary" data-module="govuk-error-summary">
  <div role="alert">
    <h2 class="govuk-error-summary__title">There is a problem</h2>
    <div class="govuk-error-summary__body">
      <ul class="govuk-list govuk-error-summary__list">
        ${problems.map((p) => {
          const field = p.field ?? fallbackField;
          return html`<li>${field ? html`<a href="#${fieldId(field)}">${p.text}</a>` : p.text}</li>`;
        })}
      </ul>
    </div>
  </div>
</div>`;
}

interface FieldOptions {
  name: string;
  label: string;
  hint?: string | undefined;
  value?: string | number | undefined;
  problems?: Problems | undefined;
  /** The label as the page's heading (a question page). */
  labelClass?: string;
}

function errorMessage(id: string, text: string | undefined): Html | undefined {
  return text ? html`<p id="${id}-error" class="govuk-error-message"><span class="govuk-visually-hidden">Error:</span> ${text}</p>` : undefined;
}

function describedBy(id: string, hint: unknown, error: unknown): string | undefined {
  const ids = [hint ? `${id}-hint` : '', error ? `${id}-error` : ''].filter(Boolean).join(' ');
  return ids || undefined;
}

export function textInput(options: FieldOptions & { width?: 'govuk-input--width-5' | 'govuk-input--width-10' | 'govuk-input--width-20' | 'govuk-input--width-30' | ''; inputmode?: 'numeric' | 'decimal' | 'text'; prefix?: string; type?: 'text' | 'date'; autocomplete?: string; spellcheck?: boolean }): Html {
  const id = fieldId(options.name);
  const error = problemFor(options.problems, options.name);
  const by = describedBy(id, options.hint, error);
  const input = html`<input class="govuk-input ${options.width ?? ''}${error ? ' govuk-input--error' : ''}" id="${id}" name="${options.name}" type="${options.type ?? 'text'}" value="${options.value ?? ''}"${options.inputmode ? html` inputmode="${options.inputmode}"` : ''}${by ? html` aria-describedby="${by}"` : ''}${options.autocomplete ? html` autocomplete="${options.autocomplete}"` : ''}${options.spellcheck === false ? html` spellcheck="false"` : ''}>`;
  return html`<div class="govuk-form-group${error ? ' govuk-form-group--error' : ''}">
  <label class="govuk-label ${options.labelClass ?? ''}" for="${id}">${options.label}</label>
  ${options.hint ? html`<div id="${id}-hint" class="govuk-hint">${options.hint}</div>` : ''}
  ${errorMessage(id, error)}
  ${options.prefix ? html`<div class="govuk-input__wrapper"><div class="govuk-input__prefix" aria-hidden="true">${options.prefix}</div>${input}</div>` : input}
</div>`;
}

/** Money typed as pounds: a £ prefix, decimal keyboard; the page converts it with `penceFromPounds`. */
export function poundsInput(options: FieldOptions): Html {
  return textInput({ ...options, prefix: '£', inputmode: 'decimal', width: 'govuk-input--width-10', spellcheck: false });
}

export function textarea(options: FieldOptions & { rows?: number }): Html {
  const id = fieldId(options.name);
  const error = problemFor(options.problems, options.name);
  const by = describedBy(id, options.hint, error);
  return html`<div class="govuk-form-group${error ? ' govuk-form-group--error' : ''}">
  <label class="govuk-label ${options.labelClass ?? ''}" for="${id}">${options.label}</label>
  ${options.hint ? html`<div id="${id}-hint" class="govuk-hint">${options.hint}</div>` : ''}
  ${errorMessage(id, error)}
  <textarea class="govuk-textarea${error ? ' govuk-textarea--error' : ''}" id="${id}" name="${options.name}" rows="${options.rows ?? 4}"${by ? html` aria-describedby="${by}"` : ''}>${options.value ?? ''}</textarea>
</div>`;
}

export function select(options: FieldOptions & { items: { value: string; text: string }[] }): Html {
  const id = fieldId(options.name);
  const error = problemFor(options.problems, options.name);
  const by = describedBy(id, options.hint, error);
  return html`<div class="govuk-form-group${error ? ' govuk-form-group--error' : ''}">
  <label class="govuk-label" for="${id}">${options.label}</label>
  ${options.hint ? html`<div id="${id}-hint" class="govuk-hint">${options.hint}</div>` : ''}
  ${errorMessage(id, error)}
  <select class="govuk-select${error ? ' govuk-select--error' : ''}" id="${id}" name="${options.name}"${by ? html` aria-describedby="${by}"` : ''}>
    ${options.items.map((item) => html`<option value="${item.value}"${String(options.value ?? '') === item.value ? ' selected' : ''}>${item.text}</option>`)}
  </select>
</div>`;
}

export function radios(options: FieldOptions & { items: { value: string; text: string; hint?: string }[]; inline?: boolean; legendClass?: string }): Html {
  const id = fieldId(options.name);
  const error = problemFor(options.problems, options.name);
  const by = describedBy(id, options.hint, error);
  return html`<div class="govuk-form-group${error ? ' govuk-form-group--error' : ''}">
  <fieldset class="govuk-fieldset"${by ? html` aria-describedby="${by}"` : ''}>
    <legend class="govuk-fieldset__legend ${options.legendClass ?? 'govuk-fieldset__legend--s'}">${options.label}</legend>
    ${options.hint ? html`<div id="${id}-hint" class="govuk-hint">${options.hint}</div>` : ''}
    ${errorMessage(id, error)}
    <div class="govuk-radios${options.inline ? ' govuk-radios--inline' : ''}" data-module="govuk-radios">
      ${options.items.map(
        (item, i) => html`<div class="govuk-radios__item">
        <input class="govuk-radios__input" id="${i === 0 ? id : `${id}-${i + 1}`}" name="${options.name}" type="radio" value="${item.value}"${String(options.value ?? '') === item.value ? ' checked' : ''}${item.hint ? html` aria-describedby="${id}-${i + 1}-item-hint"` : ''}>
        <label class="govuk-label govuk-radios__label" for="${i === 0 ? id : `${id}-${i + 1}`}">${item.text}</label>
        ${item.hint ? html`<div id="${id}-${i + 1}-item-hint" class="govuk-hint govuk-radios__hint">${item.hint}</div>` : ''}
      </div>`,
      )}
    </div>
  </fieldset>
</div>`;
}

export function fileUpload(options: FieldOptions & { accept?: string }): Html {
  const id = fieldId(options.name);
  const error = problemFor(options.problems, options.name);
  const by = describedBy(id, options.hint, error);
  return html`<div class="govuk-form-group${error ? ' govuk-form-group--error' : ''}">
  <label class="govuk-label" for="${id}">${options.label}</label>
  ${options.hint ? html`<div id="${id}-hint" class="govuk-hint">${options.hint}</div>` : ''}
  ${errorMessage(id, error)}
  <input class="govuk-file-upload${error ? ' govuk-file-upload--error' : ''}" id="${id}" name="${options.name}" type="file"${options.accept ? html` accept="${options.accept}"` : ''}${by ? html` aria-describedby="${by}"` : ''}>
</div>`;
}

export function hidden(name: string, value: string | number | undefined): Html {
  return html`<input type="hidden" name="${name}" value="${value ?? ''}">`;
}

export function button(text: string, options: { secondary?: boolean; warning?: boolean; name?: string; value?: string; id?: string; inTable?: boolean } = {}): Html {
  const kind = options.warning ? ' govuk-button--warning' : options.secondary ? ' govuk-button--secondary' : '';
  // In a table cell the button's bottom margin would make its row taller than the others.
  const margin = options.inTable ? ' govuk-!-margin-bottom-0' : '';
  return html`<button type="submit" class="govuk-button${kind}${margin}" data-module="govuk-button" data-prevent-double-click="true"${options.name ? html` name="${options.name}" value="${options.value ?? ''}"` : ''}${options.id ? html` id="${options.id}"` : ''}>${text}</button>`;
}

/** A form that changes something: POST, with the CSRF token the page middleware checks. */
export function form(action: string, csrf: string, content: Renderable, options: { upload?: boolean; id?: string } = {}): Html {
  return html`<form method="post" action="${action}" novalidate${options.upload ? html` enctype="multipart/form-data"` : ''}${options.id ? html` id="${options.id}"` : ''}>
  <input type="hidden" name="csrf" value="${csrf}">
  ${content}
</form>`;
}

export type RagStatus = 'green' | 'amber' | 'red';

const RAG: Record<RagStatus, { className: string; text: string }> = {
  green: { className: 'govuk-tag--green', text: 'Green' },
  amber: { className: 'govuk-tag--yellow', text: 'Amber' },
  red: { className: 'govuk-tag--red', text: 'Red' },
};

/** A RAG status in words and colour (colour alone would not do: WCAG 1.4.1). */
export function ragTag(status: RagStatus, detail?: string): Html {
  const rag = RAG[status];
  return html`<strong class="govuk-tag ${rag.className}">${rag.text}${detail ? html`<span class="govuk-visually-hidden">: ${detail}</span>` : ''}</strong>`;
}

export function statusTag(text: string, colour: 'grey' | 'green' | 'blue' | 'yellow' | 'red' | 'orange' | 'purple' | 'light-blue' = 'grey'): Html {
  return html`<strong class="govuk-tag govuk-tag--${colour}">${text}</strong>`;
}

export function money(pence: number): string {
  return formatPounds(pence);
}

export function summaryList(rows: readonly (readonly [Renderable, Renderable] | false | undefined)[]): Html {
  return html`<dl class="govuk-summary-list">
  ${rows.filter((r): r is readonly [Renderable, Renderable] => Boolean(r)).map(([key, value]) => html`<div class="govuk-summary-list__row"><dt class="govuk-summary-list__key">${key}</dt><dd class="govuk-summary-list__value">${value}</dd></div>`)}
</dl>`;
}

export interface Column {
  head: string;
  numeric?: boolean;
}

export function table(options: { caption?: string; captionClass?: string; columns: readonly Column[]; rows: readonly (readonly Renderable[])[]; id?: string; firstCellIsHeader?: boolean }): Html {
  const cell = (value: Renderable, i: number) => {
    const numeric = options.columns[i]?.numeric ? ' govuk-table__cell--numeric' : '';
    return i === 0 && options.firstCellIsHeader !== false ? html`<th scope="row" class="govuk-table__header${numeric}">${value}</th>` : html`<td class="govuk-table__cell${numeric}">${value}</td>`;
  };
  const wide = options.columns.length > 6;
  const body = html`<table class="govuk-table${wide ? ' govuk-table--small-text-until-tablet' : ''}"${options.id ? html` id="${options.id}"` : ''}>
  ${options.caption ? html`<caption class="govuk-table__caption ${options.captionClass ?? 'govuk-table__caption--m'}">${options.caption}</caption>` : ''}
  <thead class="govuk-table__head"><tr class="govuk-table__row">${options.columns.map((c) => html`<th scope="col" class="govuk-table__header${c.numeric ? ' govuk-table__header--numeric' : ''}">${c.head}</th>`)}</tr></thead>
  <tbody class="govuk-table__body">
    ${options.rows.map((row) => html`<tr class="govuk-table__row">${row.map(cell)}</tr>`)}
  </tbody>
</table>`;
  // A table wider than the page scrolls on its own (WCAG 1.4.10 reflow), reachable and named for keyboard and screen reader users.
  return wide ? html`<div class="app-table-scroll" role="region" aria-label="${options.caption ?? 'Table'}" tabindex="0">${body}</div>` : body;
}

export function notificationBanner(title: string, content: Renderable, options: { success?: boolean } = {}): Html {
  return html`<div class="govuk-notification-banner${options.success ? ' govuk-notification-banner--success' : ''}" ${options.success ? html`role="alert"` : html`role="region" aria-labelledby="govuk-notification-banner-title"`} data-module="govuk-notification-banner">
  <div class="govuk-notification-banner__header"><h2 class="govuk-notification-banner__title" id="govuk-notification-banner-title">${options.success ? 'Success' : 'Important'}</h2></div>
  <div class="govuk-notification-banner__content"><p class="govuk-notification-banner__heading">${title}</p>${content}</div>
</div>`;
}

export function insetText(content: Renderable): Html {
  return html`<div class="govuk-inset-text">${content}</div>`;
}

export function warningText(text: string): Html {
  return html`<div class="govuk-warning-text"><span class="govuk-warning-text__icon" aria-hidden="true">!</span><strong class="govuk-warning-text__text"><span class="govuk-visually-hidden">Warning</span> ${text}</strong></div>`;
}

export function details(summary: string, content: Renderable): Html {
  return html`<details class="govuk-details"><summary class="govuk-details__summary"><span class="govuk-details__summary-text">${summary}</span></summary><div class="govuk-details__text">${content}</div></details>`;
}

export function link(href: string, text: Renderable, options: { hiddenSuffix?: string } = {}): Html {
  return html`<a class="govuk-link" href="${href}">${text}${options.hiddenSuffix ? html`<span class="govuk-visually-hidden"> ${options.hiddenSuffix}</span>` : ''}</a>`;
}

/**
 * GOV.UK pagination (block style) for a list read a page at a time, newest
 * first: "Newest entries" back to the first page once past it, "Older entries"
 * to the page `next` names. Plain links, no script; `query` is what else the
 * address carries (a page size) and `fragment` where on the page the list is.
 */
export function olderEntries(args: { path: string; next: string | undefined; onLaterPage: boolean; label: string; query?: Record<string, string | undefined>; fragment?: string }): Html {
  if (!args.next && !args.onLaterPage) return html``;
  const kept = Object.entries(args.query ?? {}).filter((e): e is [string, string] => Boolean(e[1]));
  const at = (cursor: string | undefined) => {
    const search = new URLSearchParams([...kept, ...(cursor ? [['cursor', cursor] as [string, string]] : [])]).toString();
    return `${args.path}${search ? `?${search}` : ''}${args.fragment ? `#${args.fragment}` : ''}`;
  };
  return html`<nav class="govuk-pagination govuk-pagination--block" aria-label="${args.label}">${
    args.onLaterPage
      ? html`<div class="govuk-pagination__prev"><a class="govuk-link govuk-pagination__link" href="${at(undefined)}" rel="prev"><svg class="govuk-pagination__icon govuk-pagination__icon--prev" xmlns="http://www.w3.org/2000/svg" height="13" width="15" aria-hidden="true" focusable="false" viewBox="0 0 15 13"><path d="m6.5938-0.0078125-6.7266 6.7266 6.7441 6.4062 1.377-1.449-4.1856-3.9768h12.896v-2h-12.984l4.2931-4.293-1.414-1.414z"></path></svg><span class="govuk-pagination__link-title">Newest entries</span></a></div>`
      : ''
  }${
    args.next
      ? html`<div class="govuk-pagination__next"><a class="govuk-link govuk-pagination__link" href="${at(args.next)}" rel="next"><svg class="govuk-pagination__icon govuk-pagination__icon--next" xmlns="http://www.w3.org/2000/svg" height="13" width="15" aria-hidden="true" focusable="false" viewBox="0 0 15 13"><path d="m8.107-0.0078125-1.4136 1.414 4.2926 4.293h-12.986v2h12.896l-4.2019 4.2019 1.4153 1.4143 6.6117-6.6208z"></path></svg><span class="govuk-pagination__link-title">Older entries</span></a></div>`
      : ''
  }</nav>`;
}

export function heading(caption: string | undefined, title: string): Html {
  return html`${caption ? html`<span class="govuk-caption-l">${caption}</span>` : ''}<h1 class="govuk-heading-l">${title}</h1>`;
}

/** A bar of how far something has got: the native element, read out by screen readers, styled by no inline CSS. */
export function progress(done: number, total: number, label: string): Html {
  return html`<div class="govuk-form-group"><label class="govuk-label" for="import-progress">${label}</label><progress id="import-progress" class="app-progress" max="${total}" value="${done}">${done} of ${total}</progress></div>`;
}

/** The GOV.UK date input: day, month and year boxes named `name-day`, `name-month`, `name-year`; `value` is `YYYY-MM-DD`. */
export function dateInput(options: FieldOptions & { typed?: Record<string, string> | undefined }): Html {
  const id = fieldId(options.name);
  const error = problemFor(options.problems, options.name);
  const by = describedBy(id, options.hint, error);
  const [year, month, day] = String(options.value ?? '').split('-');
  const part = (key: 'day' | 'month' | 'year', fallback: string | undefined) => options.typed?.[`${options.name}-${key}`] ?? (fallback ? String(Number(fallback)) : '');
  const box = (key: 'day' | 'month' | 'year', text: string, width: string, fallback: string | undefined) =>
    html`<div class="govuk-date-input__item"><div class="govuk-form-group"><label class="govuk-label govuk-date-input__label" for="${key === 'day' ? id : `${id}-${key}`}">${text}</label><input class="govuk-input govuk-date-input__input ${width}${error ? ' govuk-input--error' : ''}" id="${key === 'day' ? id : `${id}-${key}`}" name="${options.name}-${key}" type="text" inputmode="numeric" value="${part(key, fallback)}"></div></div>`;
  return html`<div class="govuk-form-group${error ? ' govuk-form-group--error' : ''}">
  <fieldset class="govuk-fieldset" role="group"${by ? html` aria-describedby="${by}"` : ''}>
    <legend class="govuk-fieldset__legend govuk-fieldset__legend--s">${options.label}</legend>
    ${options.hint ? html`<div id="${id}-hint" class="govuk-hint">${options.hint}</div>` : ''}
    ${errorMessage(id, error)}
    <div class="govuk-date-input">
      ${box('day', 'Day', 'govuk-input--width-2', day)}${box('month', 'Month', 'govuk-input--width-2', month)}${box('year', 'Year', 'govuk-input--width-4', year)}
    </div>
  </fieldset>
</div>`;
}
