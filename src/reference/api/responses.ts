// Writing responses: JSON bodies, and watch streams of newline-delimited events.
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { ApiWatch, ApiWatchEvent, WatchSink } from './watch.ts';

export function sendJson(res: ServerResponse, code: number, body: unknown): void {
  const text = JSON.stringify(body);
  res.writeHead(code, { 'Content-Type': 'application/json', 'Content-Length': Buffer.byteLength(text), 'Cache-Control': 'no-cache, private' });
  res.end(text);
}

/**
 * Serve a watch: the stream stays open until the client goes, the store ends
 * the watch, or timeoutSeconds pass (then the stream closes cleanly and the
 * client watches again from its last resourceVersion).
 */
export async function streamWatch(req: IncomingMessage, res: ServerResponse, timeoutSeconds: number, start: (sink: WatchSink) => Promise<ApiWatch>): Promise<void> {
  let ended = false;
  let watch: ApiWatch | undefined;
  let timer: NodeJS.Timeout | undefined;
  const finish = () => {
    if (ended) return;
    ended = true;
    if (timer) clearTimeout(timer);
    void watch?.stop();
    if (!res.writableEnded) res.end();
  };
  const sink: WatchSink = {
    send(events: ApiWatchEvent[]) {
      if (ended) return;
      if (!res.headersSent) res.writeHead(200, { 'Content-Type': 'application/json', 'Transfer-Encoding': 'chunked', 'Cache-Control': 'no-cache, private' });
      res.write(events.map((e) => JSON.stringify(e) + '\n').join(''));
    },
    end: finish,
  };
  req.on('close', finish);
  res.on('close', finish);
  watch = await start(sink);
  if (ended) {
    await watch.stop();
    return;
  }
  if (!res.headersSent) {
    res.writeHead(200, { 'Content-Type': 'application/json', 'Transfer-Encoding': 'chunked', 'Cache-Control': 'no-cache, private' });
    res.flushHeaders();
  }
  if (timeoutSeconds > 0) timer = setTimeout(finish, timeoutSeconds * 1000);
}
