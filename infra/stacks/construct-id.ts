/** A construct id from a kebab-case name: `daily-reminders` -> `DailyReminders`. */
export function pascalCase(name: string): string {
  return name.replace(/(^|-)([a-z])/g, (_, __, c: string) => c.toUpperCase());
}
