// apimachinery's duration.HumanDuration: the AGE, DURATION and "(5m ago)"
// texts kubectl shows, precise when small and coarser as they grow.

const second = 1000;
const minute = 60 * second;
const hour = 60 * minute;

/** The elapsed time `ms` as upstream words it: "45s", "5m3s", "3h", "2d3h", "3y12d"... */
export function humanDuration(ms: number): string {
  const seconds = Math.trunc(ms / second);
  // As upstream: up to a second into the future is clock skew, and reads as now.
  if (seconds < -1) return '<invalid>';
  if (seconds < 0) return '0s';
  if (seconds < 60 * 2) return `${seconds}s`;
  const minutes = Math.trunc(ms / minute);
  if (minutes < 10) {
    const s = seconds % 60;
    return s === 0 ? `${minutes}m` : `${minutes}m${s}s`;
  }
  if (minutes < 60 * 3) return `${minutes}m`;
  const hours = Math.trunc(ms / hour);
  if (hours < 8) {
    const m = minutes % 60;
    return m === 0 ? `${hours}h` : `${hours}h${m}m`;
  }
  if (hours < 48) return `${hours}h`;
  const days = Math.trunc(hours / 24);
  if (hours < 24 * 8) {
    const h = hours % 24;
    return h === 0 ? `${days}d` : `${days}d${h}h`;
  }
  if (hours < 24 * 365 * 2) return `${days}d`;
  const years = Math.trunc(days / 365);
  if (hours < 24 * 365 * 8) {
    const d = days % 365;
    return d === 0 ? `${years}y` : `${years}y${d}d`;
  }
  return `${years}y`;
}

/** Time since an RFC 3339 timestamp, "<unknown>" when there is none (upstream's translateTimestampSince). */
export function timeSince(timestamp: string | undefined | null, now: number): string {
  if (!timestamp) return '<unknown>';
  const at = Date.parse(timestamp);
  if (Number.isNaN(at)) return '<unknown>';
  return humanDuration(now - at);
}
