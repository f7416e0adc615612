/**
 * HTML built with the `html` tagged template is escaped by construction:
 * every interpolated value is escaped unless it is itself `Html` (made by
 * this tag), so an unescaped value cannot be forgotten. Arrays are joined,
 * and `undefined`, `null` and `false` render as nothing (for `cond && html`).
 */
const ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

export class Html {
  /** Only this module makes Html from a string; everything else goes through `html`. */
  private constructor(private readonly text: string) {}

  static of(text: string): Html {
    return new Html(text);
  }

  toString(): string {
    return this.text;
  }
}

export type Renderable = Html | string | number | bigint | boolean | null | undefined | readonly Renderable[];

export function escapeText(value: string): string {
  return value.replace(/[&<>"']/g, (c) => ESCAPES[c]!);
}

function render(value: Renderable): string {
  if (value instanceof Html) return value.toString();
  if (value === undefined || value === null || value === false) return '';
  if (Array.isArray(value)) return value.map(render).join('');
  return escapeText(String(value));
}

export function html(strings: TemplateStringsArray, ...values: Renderable[]): Html {
  let out = strings[0]!;
  values.forEach((value, i) => {
    out += render(value) + strings[i + 1]!;
  });
  return Html.of(out);
}

/**
 * A whole document made elsewhere with its own escaping (the board pack and
 * its SVG charts, shared/board-pack, which escape every value they interpolate).
 */
export function trustedDocument(text: string): Html {
  return Html.of(text);
}
