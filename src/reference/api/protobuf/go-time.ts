// Go's JSON forms of metav1.Time and metav1.MicroTime: RFC 3339 in UTC, whole
// seconds for Time (its protobuf form drops nanoseconds on decoding), six
// fractional digits for MicroTime.

export function formatTime(seconds: number): string {
  return new Date(seconds * 1000).toISOString().replace(/\.\d{3}Z$/, 'Z');
}

export function formatMicroTime(seconds: number, nanos: number): string {
  const micros = String(Math.floor(nanos / 1000)).padStart(6, '0');
  return formatTime(seconds).replace(/Z$/, `.${micros}Z`);
}
