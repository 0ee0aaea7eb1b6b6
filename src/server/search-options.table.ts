// `auspex search` options that say how to read or print, not which events:
// the search bar refuses them (the server reads the store and answers JSON).
export const NOT_CRITERIA: ReadonlySet<string> = new Set([
  '-if', '--input', '--input-logs', '--checkpoint', '--debug', '--eoe-timeout', '--escape', '--extra-keys',
  '--extra-labels', '--extra-obj2', '--extra-time', '--format', '-h', '--help', '-i', '--interpret', '--just-one',
  '-l', '--line-buffered', '-r', '--raw', '-v', '--version', '--json', '--uring-profile',
]);
