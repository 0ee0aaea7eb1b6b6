// strftime("%x %T") of localtime() in the C locale ("11/23/26 15:27:33"), as
// ausearch -i prints event times, remembering the last second formatted
// (records of an event, and events of a busy second, share it). The zone is
// the process's, as localtime(3) takes it from TZ.

const MAX_DATE_SEC = 8.64e12; // the last second a JS Date holds
const MAX_TM_YEAR = 2147483647 + 1900; // localtime fails past an int tm_year
// The Gregorian calendar repeats every 400 years, weekdays and leap days
// included, and zone rules past their last table entry repeat every year.
const CYCLE_SEC = 146097 * 86400;

function two(n: number): string {
  return n < 10 ? `0${n}` : String(n);
}

export function formatLocalDate(sec: number): string {
  let cycles = 0;
  let t = sec;
  if (t > MAX_DATE_SEC) {
    cycles = Math.ceil((t - MAX_DATE_SEC) / CYCLE_SEC);
    t -= cycles * CYCLE_SEC;
  }
  const d = new Date(t * 1000);
  const year = d.getFullYear() + cycles * 400;
  if (year > MAX_TM_YEAR) return '?';
  return `${two(d.getMonth() + 1)}/${two(d.getDate())}/${two(year % 100)} ${two(d.getHours())}:${two(d.getMinutes())}:${two(d.getSeconds())}`;
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
