/**
 * The pages' static files, built from the pinned govuk-frontend package:
 * its stylesheet without the Crown's typeface or crest (this is not a GOV.UK
 * service: a system font stack instead, and the agency's name in the header),
 * its component script, and a one-line module that starts it. Each file is
 * named by the hash of its content, so it can be cached for a year; the local
 * server serves them and CDK puts them in S3.
 */
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import type { PageAssetPaths } from '../shared/views/assets.ts';

export interface PageAsset {
  path: string;
  contentType: string;
  body: string;
}

export const SYSTEM_FONT_STACK = 'system-ui,-apple-system,"Segoe UI",Roboto,"Helvetica Neue",Arial,sans-serif';

/** A few rules of the service's own, on top of govuk-frontend's. */
const SERVICE_CSS = `
.app-header__agency{font-weight:700;font-size:1.5rem;color:#fff;text-decoration:none}
.app-header__agency:focus{color:#0b0c0c}
.app-progress{width:100%;height:1.5rem}
.app-chart{max-width:100%;height:auto}
.app-num{text-align:right;font-variant-numeric:tabular-nums}
.app-table-scroll{overflow-x:auto;margin-bottom:20px}
.app-table-scroll:focus{outline:3px solid #ffdd00}
`;

function govukDist(): string {
  const require = createRequire(import.meta.url);
  return join(dirname(require.resolve('govuk-frontend/package.json')), 'dist', 'govuk');
}

/** govuk-frontend's compiled stylesheet without the Transport font faces, the typeface name or the crest. */
export function withoutCrownAssets(css: string): string {
  return css
    .replace(/@font-face\{[^}]*\}/g, '')
    .replaceAll('font-family:GDS Transport,arial,sans-serif', `font-family:${SYSTEM_FONT_STACK}`)
    .replaceAll('font-family:GDS Transport', `font-family:${SYSTEM_FONT_STACK}`)
    .replaceAll('url(/assets/images/govuk-crest.svg)', 'none');
}

function hashed(name: string, ext: string, body: string): string {
  return `/assets/${name}.${createHash('sha256').update(body).digest('hex').slice(0, 12)}.${ext}`;
}

export function buildPageAssets(): { assets: PageAsset[]; paths: PageAssetPaths } {
  const dist = govukDist();
  const css = withoutCrownAssets(readFileSync(join(dist, 'govuk-frontend.min.css'), 'utf8')) + SERVICE_CSS;
  const govukJs = readFileSync(join(dist, 'govuk-frontend.min.js'), 'utf8').replace(/\n\/\/# sourceMappingURL=.*$/m, '');
  const cssPath = hashed('govuk-frontend', 'css', css);
  const govukJsPath = hashed('govuk-frontend', 'js', govukJs);
  const init = `import { initAll } from '${govukJsPath}';\ndocument.body.classList.add('js-enabled', 'govuk-frontend-supported');\ninitAll();\n`;
  const initPath = hashed('init', 'js', init);
  return {
    assets: [
      { path: cssPath, contentType: 'text/css; charset=utf-8', body: css },
      { path: govukJsPath, contentType: 'text/javascript; charset=utf-8', body: govukJs },
      { path: initPath, contentType: 'text/javascript; charset=utf-8', body: init },
    ],
    paths: { stylesheet: cssPath, script: initPath },
  };
}
