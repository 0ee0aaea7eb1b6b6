// strftime("%x %T") of localtime() in the C locale ("11/23/26 15:27:33"), as
// ausearch -i prints event times, remembering the last second formatted
// (records of an event, and events of a busy second, share it). The zone is
// the process's, as localtime(3) takes it from TZ.

const MAX_DATE_SEC = 8.64e12; // the last second a JS Date holds
const MAX_TM_YEAR = 2147483647 + 1900; // localtime fails past an int tm_year

function two(n: number): string {
  return n < 10 ? `0${n}` : String(n);
}

/** Civil date of a day count since 1970-01-01 (Howard Hinnant's algorithm). */
function civil(days: number): [number, number, number] {
  const z = days + 719468;
  const era = Math.floor(z / 146097);
  const doe = z - era * 146097;
  const yoe = Math.floor((doe - Math.floor(doe / 1460) + Math.floor(doe / 36524) - Math.floor(doe / 146096)) / 365);
  const doy = doe - (365 * yoe + Math.floor(yoe / 4) - Math.floor(yoe / 100));
  const mp = Math.floor((5 * doy + 2) / 153);
  const d = doy - Math.floor((153 * mp + 2) / 5) + 1;
  const m = mp < 10 ? mp + 3 : mp - 9;
  return [era * 400 + yoe + (m <= 2 ? 1 : 0), m, d];
}

export function formatLocalDate(sec: number): string {
  if (sec <= MAX_DATE_SEC) {
    const d = new Date(sec * 1000);
    return `${two(d.getMonth() + 1)}/${two(d.getDate())}/${two(d.getFullYear() % 100)} ${two(d.getHours())}:${two(d.getMinutes())}:${two(d.getSeconds())}`;
  }
  // Past what Date holds: the zone's offset at the last representable second.
  const offsetSec = -new Date(MAX_DATE_SEC * 1000).getTimezoneOffset() * 60;
  const t = sec + offsetSec;
  const days = Math.floor(t / 86400);
  const rem = t - days * 86400;
  const [y, m, d] = civil(days);
  if (y > MAX_TM_YEAR) return '?';
  return `${two(m)}/${two(d)}/${two(y % 100)} ${two(Math.floor(rem / 3600))}:${two(Math.floor((rem % 3600) / 60))}:${two(rem % 60)}`;
}

export class LocalDateCache {
  #sec = Number.NaN;
  #text = '';

  format(sec: number): string {
    if (sec !== this.#sec) {
      this.#sec = sec;
      this.#text = formatLocalDate(sec);
    }
    return this.#text;
  }
}
