/**
 * Reminders reach people by e-mail in AWS: each address an agreement lists
 * in `emailAudiences` is subscribed to the notices topic, with a filter
 * policy on the message attributes every notice carries (shared/notices/
 * sns-message.ts): the agency, the role and, where the audience names one,
 * the council or seat. So it receives exactly the notices of its audiences
 * in its own agency, however many agencies one deployment serves. One
 * subscription per address (SNS keeps one per endpoint and topic): an
 * address listed for several audiences gets them under `$or`.
 */
import type { Agency } from '../schemas/agency.ts';

export interface EmailSubscription {
  email: string;
  /** An SNS filter policy on the message attributes (FilterPolicyScope MessageAttributes). */
  filterPolicy: Record<string, unknown>;
}

function audiencePolicy(agency: string, audience: { role: string; council?: string | undefined }): Record<string, string[]> {
  return { agency: [agency], role: [audience.role], ...(audience.council ? { council: [audience.council] } : {}) };
}

/** What every agency's agreement asks for, one subscription per address (lower-cased), in a stable order. */
export function emailSubscriptions(agencies: readonly Agency[]): EmailSubscription[] {
  const byEmail = new Map<string, Map<string, Record<string, string[]>>>();
  for (const agency of agencies) {
    for (const audience of agency.emailAudiences ?? []) {
      const email = audience.email.toLowerCase();
      const policy = audiencePolicy(agency.agency, audience);
      const policies = byEmail.get(email) ?? new Map<string, Record<string, string[]>>();
      policies.set(JSON.stringify(policy), policy);
      byEmail.set(email, policies);
    }
  }
  return [...byEmail.entries()]
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([email, policies]) => {
      const all = [...policies.entries()].sort(([a], [b]) => a.localeCompare(b)).map(([, p]) => p);
      return { email, filterPolicy: all.length === 1 ? all[0]! : { $or: all } };
    });
}

/** Two filter policies as SNS compares them: the same JSON, whatever the order of keys. */
export function samePolicy(a: unknown, b: unknown): boolean {
  return canonical(a) === canonical(b);
}

function canonical(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonical).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    return `{${Object.keys(value)
      .sort()
      .map((k) => `${JSON.stringify(k)}:${canonical((value as Record<string, unknown>)[k])}`)
      .join(',')}}`;
  }
  return JSON.stringify(value);
}
