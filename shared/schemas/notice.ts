import * as z from 'zod';

/** Who a notice is for: a role, optionally narrowed to a council or SCB seat, in one agency (its members alone see it). */
export const Audience = z.object({ role: z.string(), council: z.string().optional(), agency: z.string().optional() });

export const Notice = z
  .object({
    noticeId: z.string(),
    audience: Audience,
    subject: z.string(),
    body: z.string(),
    kind: z.string(),
    createdAt: z.string(),
    correlationId: z.string().optional().meta({ description: 'The request that caused it, followed through its workflow to here' }),
  })
  .meta({ id: 'Notice' });

export const NoticeList = z.object({ notifications: z.array(Notice) }).meta({ id: 'NoticeList' });

export type Audience = z.infer<typeof Audience>;
export type Notice = z.infer<typeof Notice>;
