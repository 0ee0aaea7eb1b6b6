// The version auspex reports (kept in step with package.json by the release).
export const AUSPEX_VERSION = '0.1.0';
