// httpGet probes (pkg/probe/http): a GET with the kubelet's User-Agent and
// Accept headers; 200-399 is success, anything else or no answer within the
// timeout a failure worded as Go's http client words it. At most 10 KiB of
// the body is read.
import { request as httpRequest, type IncomingMessage } from 'node:http';
import { request as httpsRequest } from 'node:https';
import { kubernetesVersion } from '../../api/version.ts';
import { dialErrorText, type ProbeOutcome } from './probe-outcome.ts';

const maxBodyBytes = 10 * 1024;
const [major, minor] = kubernetesVersion.slice(1).split('.');
export const probeUserAgent = `kube-probe/${major}.${minor}`;

export function httpProbe(url: URL, headers: { name: string; value: string }[], timeoutMs: number): Promise<ProbeOutcome> {
  const requestHeaders: Record<string, string> = { 'user-agent': probeUserAgent, accept: '*/*' };
  for (const h of headers) requestHeaders[h.name.toLowerCase()] = h.value;
  const request = url.protocol === 'https:' ? httpsRequest : httpRequest;
  const quoted = `Get "${url.href}"`;
  return new Promise((resolve) => {
    let settled = false;
    const req = request(url, { method: 'GET', headers: requestHeaders, rejectUnauthorized: false }, (res: IncomingMessage) => {
      const chunks: Buffer[] = [];
      let size = 0;
      res.on('data', (c: Buffer) => {
        if (size < maxBodyBytes) chunks.push(c);
        size += c.length;
        if (size >= maxBodyBytes) res.destroy();
      });
      const done = () => {
        const code = res.statusCode ?? 0;
        const body = Buffer.concat(chunks).subarray(0, maxBodyBytes).toString('utf8');
        if (code >= 200 && code < 400) finish({ success: true, output: body });
        else finish({ success: false, output: `HTTP probe failed with statuscode: ${code}` });
      };
      res.once('end', done);
      res.once('close', done);
    });
    const timer = setTimeout(() => {
      finish({ success: false, output: `${quoted}: context deadline exceeded (Client.Timeout exceeded while awaiting headers)` });
    }, timeoutMs);
    function finish(outcome: ProbeOutcome): void {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      req.destroy();
      resolve(outcome);
    }
    req.once('error', (err: NodeJS.ErrnoException) => {
      const addr = `${url.hostname}:${url.port || (url.protocol === 'https:' ? 443 : 80)}`;
      finish({ success: false, output: `${quoted}: dial tcp ${addr}: ${dialErrorText(err)}` });
    });
    req.end();
  });
}
