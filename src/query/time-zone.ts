// Local time the way C's localtime() and glibc's mktime() see it, over a time
// zone passed in as data: the system zone (Node follows the TZ variable, as the
// C library does) or a named IANA zone. mktime keeps glibc's handling of the
// tm_isdst hint, which decides what a wall time means around DST changes.

export interface TimeZone {
  /** Seconds east of UTC in force at the instant, and whether that is DST (tm_isdst). */
  at(epochSec: number): { readonly offsetSec: number; readonly isDst: boolean };
}

/** struct tm as ausearch fills it; year is years since 1900, mon 0-11. */
export interface Tm {
  sec: number;
  min: number;
  hour: number;
  mday: number;
  mon: number;
  year: number;
  wday: number;
  isdst: number;
}

// DST is whatever offset is larger than the zone's standard one that year
// (the smaller of its January and July offsets, for either hemisphere).
function dstFlag(offsetAt: (sec: number) => number, epochSec: number, offset: number): boolean {
  const year = new Date(epochSec * 1000).getUTCFullYear();
  const jan = offsetAt(Date.UTC(year, 0, 1) / 1000);
  const jul = offsetAt(Date.UTC(year, 6, 1) / 1000);
  return offset > Math.min(jan, jul);
}

/** The process's zone (Date follows TZ, including changes to process.env.TZ). */
export function systemTimeZone(): TimeZone {
  const offsetAt = (sec: number): number => {
    const minutes = new Date(sec * 1000).getTimezoneOffset();
    return minutes === 0 ? 0 : -minutes * 60;
  };
  return {
    at(epochSec) {
      const offsetSec = offsetAt(epochSec);
      return { offsetSec, isDst: dstFlag(offsetAt, epochSec, offsetSec) };
    },
  };
}

/** A named IANA zone (e.g. America/New_York), through Intl. */
export function ianaTimeZone(name: string): TimeZone {
  const fmt = new Intl.DateTimeFormat('en-US', {
    timeZone: name, hourCycle: 'h23', year: 'numeric', month: 'numeric', day: 'numeric',
    hour: 'numeric', minute: 'numeric', second: 'numeric',
  });
  const cache = new Map<number, number>();
  const offsetAt = (sec: number): number => {
    const whole = Math.floor(sec);
    const hit = cache.get(whole);
    if (hit !== undefined) return hit;
    const parts: Record<string, number> = {};
    for (const p of fmt.formatToParts(new Date(whole * 1000))) if (p.type !== 'literal') parts[p.type] = Number(p.value);
    const wall = Date.UTC(parts['year'] ?? 1970, (parts['month'] ?? 1) - 1, parts['day'] ?? 1, parts['hour'] ?? 0, parts['minute'] ?? 0, parts['second'] ?? 0) / 1000;
    const off = wall - whole;
    if (cache.size < 10000) cache.set(whole, off);
    return off;
  };
  return {
    at(epochSec) {
      const offsetSec = offsetAt(epochSec);
      return { offsetSec, isDst: dstFlag(offsetAt, epochSec, offsetSec) };
    },
  };
}

const DAY = 86400;

function daysFromCivil(y: number, m: number, d: number): number {
  // m 1-12; proleptic Gregorian, days since 1970-01-01.
  const yy = m <= 2 ? y - 1 : y;
  const era = Math.floor(yy / 400);
  const yoe = yy - era * 400;
  const mp = (m + 9) % 12;
  const doy = Math.floor((153 * mp + 2) / 5) + d - 1;
  const doe = yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy;
  return era * 146097 + doe - 719468;
}

function fieldsOf(localSec: number): Omit<Tm, 'isdst'> {
  const days = Math.floor(localSec / DAY);
  let rem = localSec - days * DAY;
  const hour = Math.floor(rem / 3600);
  rem -= hour * 3600;
  const min = Math.floor(rem / 60);
  const sec = rem - min * 60;
  const d = new Date(days * DAY * 1000);
  return {
    sec, min, hour,
    mday: d.getUTCDate(), mon: d.getUTCMonth(), year: d.getUTCFullYear() - 1900,
    wday: ((days % 7) + 11) % 7, // 1970-01-01 was a Thursday
  };
}

/** localtime(): the broken-down local time of an instant. */
export function localtime(epochSec: number, tz: TimeZone): Tm {
  const { offsetSec, isDst } = tz.at(epochSec);
  return { ...fieldsOf(epochSec + offsetSec), isdst: isDst ? 1 : 0 };
}

// glibc probes this far, in steps of a week, for a time with the requested
// tm_isdst when the natural answer has the other one (mktime.c).
const STRIDE = 601200;
const DELTA_BOUND = 536454000 / 2 + STRIDE;

/**
 * mktime(): the instant of a broken-down local time (fields may be out of
 * range and are normalised) and the normalised tm it writes back. The tm_isdst
 * hint picks between the two readings of a repeated hour, and a wall time whose
 * isdst disagrees with its date is read with the offset of the requested kind.
 */
export function mktime(tm: Readonly<Tm>, tz: TimeZone): { readonly t: number; readonly tm: Tm } {
  const monthTotal = tm.mon;
  const year = tm.year + 1900 + Math.floor(monthTotal / 12);
  const mon = ((monthTotal % 12) + 12) % 12;
  const wall = (daysFromCivil(year, mon + 1, 1) + tm.mday - 1) * DAY + tm.hour * 3600 + tm.min * 60 + tm.sec;
  const want = tm.isdst > 0;
  const offsets = new Set<number>();
  for (const probe of [wall - 2 * DAY, wall, wall + 2 * DAY]) offsets.add(tz.at(probe).offsetSec);
  const solutions: number[] = [];
  for (const o of offsets) {
    const t = wall - o;
    if (tz.at(t).offsetSec === o && !solutions.includes(t)) solutions.push(t);
  }
  solutions.sort((a, b) => a - b);
  let t: number;
  if (solutions.length > 0) {
    const exact = tm.isdst < 0 ? solutions[0] : solutions.find((s) => tz.at(s).isDst === want);
    if (exact !== undefined) t = exact;
    else {
      t = solutions[0] as number;
      search: for (let delta = STRIDE; delta < DELTA_BOUND; delta += STRIDE) {
        for (const dir of [-1, 1]) {
          const ot = t + dir * delta;
          const o = tz.at(ot);
          if (o.isDst === want) {
            t = wall - o.offsetSec;
            break search;
          }
        }
      }
    }
  } else {
    // A wall time skipped by a DST change: read it with the offset of the
    // requested kind (glibc lands on the side whose isdst differs).
    const before = tz.at(wall - 2 * DAY);
    const after = tz.at(wall + 2 * DAY);
    const pick = after.isDst === want ? after : before;
    t = wall - pick.offsetSec;
  }
  return { t, tm: localtime(t, tz) };
}

/**
 * The zone a TZ value names, as the C library reads it: unset or empty means
 * the system zone, a leading ':' is dropped, an IANA name is that zone; other
 * forms (POSIX rule strings) are left to Node's own reading of TZ.
 */
export function timeZoneFor(tz: string | undefined): TimeZone {
  const name = tz?.startsWith(':') ? tz.slice(1) : tz;
  if (name === undefined || name === '') return systemTimeZone();
  try {
    return ianaTimeZone(name);
  } catch {
    return systemTimeZone();
  }
}
