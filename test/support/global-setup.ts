// Runs once before all suites: pin a zone far from Europe/Rome (and with a different DST rule)
// so code that relies on the process zone instead of APP_TIMEZONE shows up as a failure.
export default function globalSetup(): void {
  process.env.TZ = 'America/Los_Angeles';
}
