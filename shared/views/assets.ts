/**
 * Where the pages' stylesheet and script are served from: hashed names
 * (infra/page-assets.ts builds them), so they can be cached for a year. CDK
 * hands them to the page function in PAGE_ASSETS; the local server installs them.
 */
export interface PageAssetPaths {
  stylesheet: string;
  /** A module that marks the page as supported and starts govuk-frontend's components: the only script on any page. */
  script: string;
}

let installed: PageAssetPaths | undefined;

export function installPageAssets(paths: PageAssetPaths): void {
  installed = paths;
}

export function pageAssets(): PageAssetPaths {
  installed ??= process.env.PAGE_ASSETS ? (JSON.parse(process.env.PAGE_ASSETS) as PageAssetPaths) : { stylesheet: '/assets/govuk-frontend.css', script: '/assets/init.js' };
  return installed;
}
