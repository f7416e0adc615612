/**
 * Structured JSON logs on stdout (CloudWatch in AWS, the terminal locally).
 * LOG_LEVEL (debug, info, warn, error) sets how much is said; tests run at warn.
 */
const LEVELS = ['debug', 'info', 'warn', 'error'] as const;
type Level = (typeof LEVELS)[number];

function enabled(level: Level): boolean {
  const configured = (process.env.LOG_LEVEL ?? 'info').toLowerCase() as Level;
  return LEVELS.indexOf(level) >= Math.max(0, LEVELS.indexOf(configured));
}

function write(level: Level, message: string, fields: Record<string, unknown>): void {
  if (!enabled(level)) return;
  const line = JSON.stringify({ level: level.toUpperCase(), message, timestamp: new Date().toISOString(), ...fields });
  if (level === 'error' || level === 'warn') console.error(line);
  else console.log(line);
}

export const log = {
  debug: (message: string, fields: Record<string, unknown> = {}) => write('debug', message, fields),
  info: (message: string, fields: Record<string, unknown> = {}) => write('info', message, fields),
  warn: (message: string, fields: Record<string, unknown> = {}) => write('warn', message, fields),
  error: (message: string, fields: Record<string, unknown> = {}) => write('error', message, fields),
};
