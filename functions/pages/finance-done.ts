/** What a finance officer's pages say once a change is done (`?done=` after post/redirect/get), and what a refused form shows again. */
import type { Problem } from '#shared/views/components';
import { doneBannerOf } from './done-banner.ts';

const DONE: Record<string, string> = {
  forecast: 'Your forecast has been saved.',
  'spot-purchase': 'Your spot purchase request has been sent to the Strategic Commissioning Board.',
  confirm: 'You have confirmed the statement.',
  receipt: 'The receipt has been recorded.',
  spend: "The quarter's spend has been saved.",
  entry: 'The set-up grant entry has been recorded.',
};

export const doneBanner = doneBannerOf(DONE);

/** What was typed, after a refusal; otherwise what is stored. */
export function shown(problems: Problem[] | undefined, form: Record<string, string>, name: string, stored: string | number | undefined): string | number | undefined {
  return problems ? (form[name] ?? '') : stored;
}
