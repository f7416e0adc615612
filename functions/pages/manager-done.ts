/** What the RAA manager's pages say once a change is done (`?done=` after post/redirect/get). */
import { doneBannerOf } from './done-banner.ts';

const DONE: Record<string, string> = {
  placement: 'The placement has been recorded.',
  replayed: 'This placement was already recorded: it was sent twice and recorded once.',
  unfunded: 'The placement has been recorded. It takes the council past its agreed placements and band with no spot purchase: it is flagged unfunded and put to the SCB.',
  reversed: 'The placement has been reversed.',
  indicators: "The quarter's indicators have been saved.",
  started: 'The report has been started: it is being compiled and then goes for review.',
  protocol: 'The funding protocol has been proposed. Every SCB seat must agree it before it comes into force.',
  catalogue: 'The indicator catalogue has been proposed to the SCB.',
  drawdown: 'The reinvestment has been proposed to the SCB.',
};

export const banner = doneBannerOf(DONE);
