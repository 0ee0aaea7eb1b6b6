// -ts / -te: ausearch 3.0.9's date and time forms and keywords, resolved
// against a clock and time zone passed in. Dates are read with the locale's
// %x (the C locale's %m/%d/%y unless told otherwise: 3.0.9 then rejects a
// four-digit year), times with %X (%H:%M:%S; "HH:MM" gets ":00" added).
import type { Tm, TimeZone } from './time-zone.js';
import { localtime, mktime } from './time-zone.js';

export const TIME_KEYWORDS = ['now', 'recent', 'boot', 'today', 'yesterday', 'this-week', 'week-ago', 'this-month', 'this-year'] as const;
export type TimeKeyword = (typeof TIME_KEYWORDS)[number];

export interface TimeEnv {
  /** time(NULL): the clock, as data. */
  readonly nowSec: number;
  readonly timeZone: TimeZone;
  /** /proc/uptime's first number, or the strerror text when it cannot be read. */
  readonly uptime: () => number | { readonly error: string };
  /** strptime %x for this locale; the C locale's "%m/%d/%y" by default. */
  readonly dateFormat?: string;
}

/** Seconds, or the messages ausearch prints when it refuses the value. */
export type TimeResult = { readonly ok: true; readonly sec: number } | { readonly ok: false; readonly stderr: string };

const C_DATE_FORMAT = '%m/%d/%y';
const C_TIME_FORMAT = '%H:%M:%S';
const SECONDS_IN_DAY = 86400;

export function isTimeKeyword(s: string): s is TimeKeyword {
  return (TIME_KEYWORDS as readonly string[]).includes(s);
}

function emptyTm(): Tm {
  return { sec: 0, min: 0, hour: 0, mday: 0, mon: 0, year: 0, wday: 0, isdst: 0 };
}

function replaceTime(d: Tm, t: Tm): void {
  d.sec = t.sec;
  d.min = t.min;
  d.hour = t.hour;
}

function replaceDate(d: Tm, t: Tm): void {
  d.mday = t.mday;
  d.mon = t.mon;
  d.year = t.year;
  d.isdst = t.isdst;
  d.wday = t.wday;
}

function midnight(d: Tm): void {
  d.sec = 0;
  d.min = 0;
  d.hour = 0;
}

// lookup_and_set_time: 0 set, -1 not a keyword, -2 boot time unreadable.
function setKeyword(word: string, d: Tm, env: TimeEnv, errors: string[]): number {
  if (!isTimeKeyword(word)) return -1;
  const now = env.nowSec;
  const tz = env.timeZone;
  switch (word) {
    case 'now': {
      const tv = localtime(now, tz);
      replaceTime(d, tv);
      replaceDate(d, tv);
      return 0;
    }
    case 'recent': {
      const tv = localtime(now - 10 * 60, tz);
      replaceTime(d, tv);
      replaceDate(d, tv);
      return 0;
    }
    case 'boot': {
      const up = env.uptime();
      if (typeof up !== 'number') {
        errors.push(`Can't read uptime (${up.error})\n`);
        return -2;
      }
      // ausearch reads it with strtof and rounds: float precision included.
      const uptime = Math.floor(Math.fround(up) + 0.5);
      const tv = localtime(now - uptime, tz);
      replaceTime(d, tv);
      replaceDate(d, tv);
      return 0;
    }
    case 'today':
      midnight(d);
      replaceDate(d, localtime(now, tz));
      return 0;
    case 'yesterday':
      midnight(d);
      replaceDate(d, localtime(now - SECONDS_IN_DAY, tz));
      return 0;
    case 'this-week': {
      midnight(d);
      const tv = localtime(now, tz);
      replaceDate(d, localtime(now - tv.wday * SECONDS_IN_DAY, tz));
      return 0;
    }
    case 'week-ago':
      midnight(d);
      replaceDate(d, localtime(now - 7 * SECONDS_IN_DAY, tz));
      return 0;
    case 'this-month':
      midnight(d);
      replaceDate(d, localtime(now, tz));
      d.mday = 1;
      return 0;
    case 'this-year':
      midnight(d);
      replaceDate(d, localtime(now, tz));
      d.mday = 1;
      d.mon = 0;
      d.isdst = 0;
      return 0;
    default: {
      const never: never = word;
      return never;
    }
  }
}

/**
 * glibc strptime for the numeric conversions %m %d %e %y %Y %H %M %S (plus
 * %D %T %R %x %X expansions): returns the index where reading stopped, or -1.
 */
export function strptime(s: string, format: string, tm: Tm, dateFormat = C_DATE_FORMAT): number {
  let rp = 0;
  const isSpace = (c: number): boolean => c === 32 || (c >= 9 && c <= 13);
  const number = (from: number, to: number, n: number): number | undefined => {
    while (isSpace(s.charCodeAt(rp))) rp++;
    let c = s.charCodeAt(rp);
    if (!(c >= 48 && c <= 57)) return undefined;
    let val = 0;
    let left = n;
    do {
      val = val * 10 + (c - 48);
      rp++;
      c = s.charCodeAt(rp);
    } while (--left > 0 && val * 10 <= to && c >= 48 && c <= 57);
    return val < from || val > to ? undefined : val;
  };
  const run = (fmt: string): boolean => {
    for (let i = 0; i < fmt.length; i++) {
      const f = fmt.charCodeAt(i);
      if (isSpace(f)) {
        while (isSpace(s.charCodeAt(rp))) rp++;
        continue;
      }
      if (f !== 37 /* % */) {
        if (s.charCodeAt(rp) !== f) return false;
        rp++;
        continue;
      }
      i++;
      let v: number | undefined;
      switch (fmt.charAt(i)) {
        case 'm':
          if ((v = number(1, 12, 2)) === undefined) return false;
          tm.mon = v - 1;
          break;
        case 'd':
        case 'e':
          if ((v = number(1, 31, 2)) === undefined) return false;
          tm.mday = v;
          break;
        case 'y':
          if ((v = number(0, 99, 2)) === undefined) return false;
          tm.year = v >= 69 ? v : v + 100;
          break;
        case 'Y':
          if ((v = number(0, 9999, 4)) === undefined) return false;
          tm.year = v - 1900;
          break;
        case 'H':
          if ((v = number(0, 23, 2)) === undefined) return false;
          tm.hour = v;
          break;
        case 'M':
          if ((v = number(0, 59, 2)) === undefined) return false;
          tm.min = v;
          break;
        case 'S':
          if ((v = number(0, 61, 2)) === undefined) return false;
          tm.sec = v;
          break;
        case 'D':
          if (!run('%m/%d/%y')) return false;
          break;
        case 'T':
          if (!run('%H:%M:%S')) return false;
          break;
        case 'R':
          if (!run('%H:%M')) return false;
          break;
        case 'F':
          if (!run('%Y-%m-%d')) return false;
          break;
        case 'x':
          if (!run(dateFormat)) return false;
          break;
        case 'X':
          if (!run(C_TIME_FORMAT)) return false;
          break;
        case '%':
          if (s.charCodeAt(rp) !== 37) return false;
          rp++;
          break;
        default:
          return false;
      }
    }
    return true;
  };
  return run(format) ? rp : -1;
}

// The time part: "HH:MM" gets ":00"; anything up to 63 characters is tried.
function parseTimeInto(ti: string, d: Tm): 'ok' | 'invalid' | 'trailing' {
  const tmp = ti.length <= 5 ? `${ti}:00` : ti.slice(0, 63);
  const end = strptime(tmp, '%X', d);
  if (end < 0) return 'invalid';
  return end === tmp.length ? 'ok' : 'trailing';
}

/** ausearch_time_start / ausearch_time_end: date (or keyword) and time to seconds. */
export function resolveTime(which: 'start' | 'end', da: string | undefined, ti: string | undefined, env: TimeEnv): TimeResult {
  const errors: string[] = [];
  const fail = (msg: string): TimeResult => ({ ok: false, stderr: errors.join('') + msg });
  const d = emptyTm();
  const tz = env.timeZone;
  const setNow = (): void => {
    const tv = localtime(env.nowSec, tz);
    replaceTime(d, tv);
    replaceDate(d, tv);
  };
  const dateFormat = env.dateFormat ?? C_DATE_FORMAT;
  if (da === undefined) setNow();
  else {
    const r = setKeyword(da, d, env, errors);
    if (r < 0) {
      const end = strptime(da, '%x', d, dateFormat);
      if (end < 0) return fail(`Invalid ${which} date (${da}). Month, Day, and Year are required.\n`);
      if (end !== da.length) return fail(`Error parsing ${which} date (${da})\n`);
      // mktime normalises the date (02/31 is 03/03) and fixes tm_isdst.
      Object.assign(d, mktime(d, tz).tm);
    } else if (da === 'now' || da === 'recent' || da === 'boot') {
      if (ti === undefined || ti === '00:00:00') return { ok: true, sec: mktime(d, tz).t };
    } else if (which === 'end' && da === 'today') {
      // The end of "today" is now.
      setNow();
      if (ti === undefined || ti === '00:00:00') return { ok: true, sec: mktime(d, tz).t };
    }
  }
  if (ti !== undefined) {
    const r = parseTimeInto(ti, d);
    const hms = 'Hour, Minute, and Second are required.';
    if (r === 'invalid') return fail(`Invalid ${which} time (${ti}). ${hms}\n`);
    if (r === 'trailing') return fail(`Error parsing ${which} time (${ti})\n`);
  } else if (which === 'start') {
    Object.assign(d, emptyTm());
  } else {
    // An end date without a time ends at the current time of day.
    const tv = localtime(env.nowSec, tz);
    replaceTime(d, tv);
    d.isdst = tv.isdst;
  }
  if (d.year < 104) return fail(`Error - year is ${d.year + 1900}\n`);
  return { ok: true, sec: mktime(d, tz).t };
}

/**
 * -ts/-te take one or two words, split alike by ausearch and aureport: a date
 * and a time in either order (the one with a ':' is the time), a keyword (at
 * midnight), a date alone (midnight at the start, now's clock at the end) or
 * a time alone. `second` is the next argument when it is not an option;
 * `words` says whether it was used.
 */
export function resolveTimeArgs(which: 'start' | 'end', first: string, second: string | undefined, env: TimeEnv): { result: TimeResult; words: 1 | 2 } {
  if (second !== undefined) {
    const result = first.includes(':') ? resolveTime(which, second, first, env) : resolveTime(which, first, second, env);
    return { result, words: 2 };
  }
  if (isTimeKeyword(first)) return { result: resolveTime(which, first, '00:00:00', env), words: 1 };
  if (!first.includes(':')) return { result: resolveTime(which, first, which === 'start' ? '00:00:00' : undefined, env), words: 1 };
  return { result: resolveTime(which, undefined, first, env), words: 1 };
}
