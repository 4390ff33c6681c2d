// CronJob schedules, as the robfig/cron standard parser the CronJob
// controller uses: five fields (minute hour day-of-month month day-of-week)
// of *, ?, values, names (JAN-DEC, SUN-SAT), ranges, steps and lists, or a
// descriptor (@yearly, @annually, @monthly, @weekly, @daily, @midnight,
// @hourly); evaluated in an IANA time zone.

interface Field {
  min: number;
  max: number;
  names?: Record<string, number>;
}

const months: Record<string, number> = { jan: 1, feb: 2, mar: 3, apr: 4, may: 5, jun: 6, jul: 7, aug: 8, sep: 9, oct: 10, nov: 11, dec: 12 };
const weekdays: Record<string, number> = { sun: 0, mon: 1, tue: 2, wed: 3, thu: 4, fri: 5, sat: 6 };

const fields: Field[] = [
  { min: 0, max: 59 },
  { min: 0, max: 23 },
  { min: 1, max: 31 },
  { min: 1, max: 12, names: months },
  { min: 0, max: 6, names: weekdays },
];

const descriptors: Record<string, string> = {
  '@yearly': '0 0 1 1 *',
  '@annually': '0 0 1 1 *',
  '@monthly': '0 0 1 * *',
  '@weekly': '0 0 * * 0',
  '@daily': '0 0 * * *',
  '@midnight': '0 0 * * *',
  '@hourly': '0 * * * *',
};

export interface CronSchedule {
  minutes: Set<number>;
  hours: Set<number>;
  daysOfMonth: Set<number>;
  months: Set<number>;
  daysOfWeek: Set<number>;
  /** Whether day-of-month, day-of-week were "*" or "?": then both must match, otherwise either. */
  domStar: boolean;
  dowStar: boolean;
}

function value(text: string, f: Field): number {
  const named = f.names?.[text.toLowerCase()];
  if (named !== undefined) return named;
  if (!/^\d+$/.test(text)) throw new Error(`failed to parse int from ${text}: strconv.Atoi: parsing "${text}": invalid syntax`);
  return Number(text);
}

/** One comma-separated part of a field; star tells whether it was a bare * or ? (robfig's starBit). */
function parseRange(expr: string, f: Field): { values: number[]; star: boolean } {
  const [rangePart = '', stepPart, ...extra] = expr.split('/');
  if (extra.length) throw new Error(`too many slashes: ${expr}`);
  const bounds = rangePart.split('-');
  let start: number;
  let end: number;
  let star = false;
  if (rangePart === '*' || rangePart === '?') {
    start = f.min;
    end = f.max;
    star = true;
  } else {
    if (bounds.length > 2) throw new Error(`too many hyphens: ${expr}`);
    start = value(bounds[0] ?? '', f);
    end = bounds.length === 2 ? value(bounds[1] ?? '', f) : start;
  }
  let step = 1;
  if (stepPart !== undefined) {
    step = value(stepPart, { min: 0, max: 0 });
    if (step === 0) throw new Error(`step of range should be a positive number: ${expr}`);
    // "N/step" runs from N to the end of the field.
    if (bounds.length === 1 && !star) end = f.max;
    if (step > 1) star = false;
  }
  if (start < f.min) throw new Error(`beginning of range (${start}) below minimum (${f.min}): ${expr}`);
  if (end > f.max) throw new Error(`end of range (${end}) above maximum (${f.max}): ${expr}`);
  if (start > end) throw new Error(`beginning of range (${start}) beyond end of range (${end}): ${expr}`);
  const values: number[] = [];
  for (let v = start; v <= end; v += step) values.push(v);
  return { values, star };
}

function parseField(text: string, f: Field): { values: Set<number>; star: boolean } {
  const out = new Set<number>();
  let star = false;
  for (const part of text.split(',')) {
    const r = parseRange(part, f);
    r.values.forEach((v) => out.add(v));
    star ||= r.star;
  }
  return { values: out, star };
}

/** Parses a schedule; throws with robfig's message when it is not one. */
export function parseCronSchedule(spec: string): CronSchedule {
  const text = spec.trim();
  if (text.startsWith('@')) {
    const expanded = descriptors[text.toLowerCase()];
    if (!expanded) throw new Error(`unrecognized descriptor: ${text}`);
    return parseCronSchedule(expanded);
  }
  const parts = text.split(/\s+/).filter((p) => p !== '');
  if (parts.length !== 5) throw new Error(`expected exactly 5 fields, found ${parts.length}: [${parts.join(' ')}]`);
  const [minute, hour, dom, month, dow] = parts.map((p, i) => parseField(p, fields[i]!));
  return {
    minutes: minute!.values,
    hours: hour!.values,
    daysOfMonth: dom!.values,
    months: month!.values,
    daysOfWeek: dow!.values,
    domStar: dom!.star,
    dowStar: dow!.star,
  };
}

/** Wall-clock fields of an instant in a time zone. */
interface Wall {
  year: number;
  month: number;
  day: number;
  hour: number;
  minute: number;
}

const formatters = new Map<string, Intl.DateTimeFormat>();

function formatter(timeZone: string): Intl.DateTimeFormat {
  let f = formatters.get(timeZone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', { timeZone, hourCycle: 'h23', year: 'numeric', month: 'numeric', day: 'numeric', hour: 'numeric', minute: 'numeric', second: 'numeric' });
    formatters.set(timeZone, f);
  }
  return f;
}

/** Whether the IANA zone exists (time.LoadLocation). */
export function isKnownTimeZone(timeZone: string): boolean {
  try {
    formatter(timeZone);
    return true;
  } catch {
    return false;
  }
}

function wallClock(at: number, timeZone: string): Wall & { second: number } {
  const parts = Object.fromEntries(formatter(timeZone).formatToParts(new Date(at)).map((p) => [p.type, Number(p.value)]));
  return { year: parts.year!, month: parts.month!, day: parts.day!, hour: parts.hour!, minute: parts.minute!, second: parts.second! };
}

/** Minutes east of UTC of the zone at an instant. */
export function utcOffsetMinutes(at: number, timeZone: string): number {
  const w = wallClock(at, timeZone);
  const asUtc = Date.UTC(w.year, w.month - 1, w.day, w.hour, w.minute, w.second);
  return Math.round((asUtc - Math.floor(at / 1000) * 1000) / 60000);
}

/** The instant a wall-clock time names in the zone (the later offset when a DST gap or overlap makes it ambiguous). */
function instantOf(w: Wall, timeZone: string): number {
  const naive = Date.UTC(w.year, w.month - 1, w.day, w.hour, w.minute);
  let guess = naive - utcOffsetMinutes(naive, timeZone) * 60000;
  guess = naive - utcOffsetMinutes(guess, timeZone) * 60000;
  return guess;
}

function dayMatches(s: CronSchedule, naive: Date): boolean {
  const dom = s.daysOfMonth.has(naive.getUTCDate());
  const dow = s.daysOfWeek.has(naive.getUTCDay());
  return s.domStar || s.dowStar ? dom && dow : dom || dow;
}

/**
 * The first activation strictly after `after` (epoch ms), or undefined when
 * none comes within five years (robfig's Next returning the zero time).
 */
export function nextActivation(s: CronSchedule, after: number, timeZone: string): number | undefined {
  const start = wallClock(after, timeZone);
  // Search the wall clock as a naive calendar (UTC arithmetic), from the next whole minute.
  const naive = new Date(Date.UTC(start.year, start.month - 1, start.day, start.hour, start.minute + 1));
  const limit = start.year + 5;
  while (naive.getUTCFullYear() <= limit) {
    if (!s.months.has(naive.getUTCMonth() + 1)) {
      naive.setUTCMonth(naive.getUTCMonth() + 1, 1);
      naive.setUTCHours(0, 0, 0, 0);
      continue;
    }
    if (!dayMatches(s, naive)) {
      naive.setUTCDate(naive.getUTCDate() + 1);
      naive.setUTCHours(0, 0, 0, 0);
      continue;
    }
    if (!s.hours.has(naive.getUTCHours())) {
      naive.setUTCHours(naive.getUTCHours() + 1, 0, 0, 0);
      continue;
    }
    if (!s.minutes.has(naive.getUTCMinutes())) {
      naive.setUTCMinutes(naive.getUTCMinutes() + 1, 0, 0);
      continue;
    }
    const at = instantOf({ year: naive.getUTCFullYear(), month: naive.getUTCMonth() + 1, day: naive.getUTCDate(), hour: naive.getUTCHours(), minute: naive.getUTCMinutes() }, timeZone);
    if (at > after) return at;
    naive.setUTCMinutes(naive.getUTCMinutes() + 1, 0, 0);
  }
  return undefined;
}

/** RFC 3339 with the zone's offset at that instant, as Go's time.RFC3339 prints it. */
export function rfc3339In(at: number, timeZone: string): string {
  const offset = utcOffsetMinutes(at, timeZone);
  const local = new Date(Math.floor(at / 1000) * 1000 + offset * 60000).toISOString().replace(/\.\d+Z$/, '');
  if (offset === 0) return `${local}Z`;
  const sign = offset > 0 ? '+' : '-';
  const abs = Math.abs(offset);
  return `${local}${sign}${String(Math.floor(abs / 60)).padStart(2, '0')}:${String(abs % 60).padStart(2, '0')}`;
}
