// The WebSocket channel protocols of exec and attach (channel.k8s.io, as
// kubectl 1.34 speaks it): every binary message starts with a channel byte:
// 0 stdin, 1 stdout, 2 stderr, 3 error (the outcome, a metav1.Status as JSON,
// written once before the connection closes), 4 resize ({"Width","Height"}).
// v5 adds channel 255: [255, N] says the client has closed its channel N
// (stdin), which v4 cannot say.

export const v5ChannelProtocol = 'v5.channel.k8s.io';
export const v4ChannelProtocol = 'v4.channel.k8s.io';

export const channel = { stdin: 0, stdout: 1, stderr: 2, error: 3, resize: 4, close: 255 } as const;

/** The first protocol the client offers that this server speaks (clients list their preference first). */
export function selectChannelProtocol(offered: Iterable<string>): string | undefined {
  for (const protocol of offered) {
    if (protocol === v5ChannelProtocol || protocol === v4ChannelProtocol) return protocol;
  }
  return undefined;
}

export function encodeFrame(channelNumber: number, data: Buffer | string): Buffer {
  const payload = typeof data === 'string' ? Buffer.from(data) : data;
  return Buffer.concat([Buffer.from([channelNumber]), payload]);
}

export interface Frame {
  channel: number;
  data: Buffer;
}

/** A received message; undefined for an empty one, which carries no channel. */
export function decodeFrame(message: Buffer): Frame | undefined {
  if (message.length === 0) return undefined;
  return { channel: message[0]!, data: message.subarray(1) };
}

export interface TerminalSize {
  columns: number;
  rows: number;
}

/** A resize message, or undefined when it is not one. */
export function decodeResize(data: Buffer): TerminalSize | undefined {
  try {
    const size = JSON.parse(data.toString('utf8')) as { Width?: unknown; Height?: unknown };
    if (typeof size.Width !== 'number' || typeof size.Height !== 'number') return undefined;
    return { columns: size.Width, rows: size.Height };
  } catch {
    return undefined;
  }
}

export interface StreamStatus {
  metadata: Record<string, never>;
  status: 'Success' | 'Failure';
  message?: string;
  reason?: string;
  details?: { causes: { reason: string; message: string }[] };
}

/** The error channel's message once the process has ended, as the kubelet writes it. */
export function exitStatus(argv: readonly string[], exitCode: number): StreamStatus {
  if (exitCode === 0) return { metadata: {}, status: 'Success' };
  return {
    metadata: {},
    status: 'Failure',
    message: `command terminated with non-zero exit code: error executing command [${argv.join(' ')}], exit code ${exitCode}`,
    reason: 'NonZeroExitCode',
    details: { causes: [{ reason: 'ExitCode', message: String(exitCode) }] },
  };
}

/** The error channel's message when the process could not be started or reached. */
export function failureStatus(message: string): StreamStatus {
  return { metadata: {}, status: 'Failure', message };
}
