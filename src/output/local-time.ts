// Local-time strings as the C library prints them in the C locale: ctime(3)
// ("Mon Nov 23 15:27:33 2026") and strftime "%x %T" ("11/23/26 15:27:33").
// The zone is the process's (TZ honoured, as localtime(3)). Each formatter
// caches its last second: consecutive records share a timestamp, and building
// the string costs far more than comparing a number.
const DAYS = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'] as const;
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'] as const;

function two(n: number): string {
  return n < 10 ? `0${n}` : String(n);
}

/** Builds a formatter of epoch seconds that remembers the last second it formatted. */
function cachedBySecond(format: (d: Date) => string): (sec: number) => string {
  let lastSec = Number.NaN;
  let last = '';
  return (sec: number): string => {
    if (sec !== lastSec) {
      lastSec = sec;
      last = format(new Date(sec * 1000));
    }
    return last;
  };
}

/** ctime(3) without its trailing newline: "Mon Nov  3 09:05:01 2026". */
export function createCtimeFormatter(): (sec: number) => string {
  return cachedBySecond((d) => {
    const day = d.getDate();
    return `${DAYS[d.getDay()]} ${MONTHS[d.getMonth()]} ${day < 10 ? ` ${day}` : day} ` +
      `${two(d.getHours())}:${two(d.getMinutes())}:${two(d.getSeconds())} ${d.getFullYear()}`;
  });
}

/** strftime "%x %T" in the C locale: "11/03/26 09:05:01". */
export function createDateTimeFormatter(): (sec: number) => string {
  return cachedBySecond((d) =>
    `${two(d.getMonth() + 1)}/${two(d.getDate())}/${two(d.getFullYear() % 100)} ` +
    `${two(d.getHours())}:${two(d.getMinutes())}:${two(d.getSeconds())}`);
}
