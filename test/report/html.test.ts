import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { promisify } from 'node:util';
import t from 'tap';
import { renderHtml } from '../../src/report/html.ts';
import { sampleReport } from './fixtures/sample-report.ts';

const chromium = '/usr/bin/chromium';

t.test('one self-contained page that fetches nothing', async (t) => {
  const html = renderHtml(sampleReport());
  t.match(html, /^<!DOCTYPE html>/);
  t.notMatch(html, /<(script|link|img|iframe)[^>]+(src|href)=/i, 'no external scripts, styles or images');
  t.notMatch(html, /@import|url\(|@font-face/i, 'no CSS fetches');
  t.match(html, /Content-Security-Policy" content="default-src 'none'/);
});

t.test('summary, timeline, filters and a table per suite', async (t) => {
  const html = renderHtml(sampleReport());
  t.match(html, /<span class="verdict bad">3 of 5 scenarios did not pass<\/span>/);
  t.match(html, /kdrill-reference \(reference\), Kubernetes v1\.34\.0, 2 nodes/);
  t.match(html, /<svg class="timeline"/);
  t.equal(html.match(/<rect /g)?.length, 5, 'one timeline bar per scenario');
  t.match(html, /<rect [^>]*fill="#cf222e"/, 'bars coloured by status');
  for (const status of ['pass', 'fail', 'timeout', 'error', 'skip']) t.match(html, new RegExp(`<input type="checkbox" data-filter="${status}" checked>`));
  t.equal(html.match(/<div class="suite">/g)?.length, 2);
  t.equal(html.match(/<tr data-status="[a-z]+" class="scenario">/g)?.length, 5);
  const script = html.match(/<script>([\s\S]*)<\/script>/)?.[1] ?? '';
  t.doesNotThrow(() => new Function(script), 'the filter script parses');
});

t.test('failures are expanded with their evidence, escaped', async (t) => {
  const html = renderHtml(sampleReport());
  const failed = html.slice(html.indexOf('<tr data-status="fail" class="details">'));
  t.match(failed, /^<tr data-status="fail" class="details"><td><\/td><td colspan="4"><details open>/);
  t.match(failed, /pod lands on the node with label &lt;disk=ssd&gt; &amp; &quot;zone&quot;/);
  t.match(failed, /<span>expected<\/span><code>node-2<\/code>/);
  t.match(failed, /<span>actual<\/span><code>\{&quot;node&quot;:&quot;node-1&quot;,&quot;phase&quot;:&quot;Running&quot;\}<\/code>/);
  t.match(failed, /FailedScheduling/);
  t.match(failed, /didn&#39;t match node selector/);
  t.match(failed, /<pre class="log">starting\\x1b\[31m red \\x00 nul\nready &lt;ok&gt;\n<\/pre>/);
  t.match(html, /<tr data-status="pass" class="details"><td><\/td><td colspan="4"><details>/, 'passes stay collapsed');
});

t.test('headless Chromium renders it', { skip: existsSync(chromium) ? false : `${chromium} is missing (Debian package chromium)` }, async (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'kdrill-html-'));
  t.teardown(() => rmSync(dir, { recursive: true, force: true }));
  const page = join(dir, 'report.html');
  const screenshot = join(dir, 'report.png');
  writeFileSync(page, renderHtml(sampleReport()));
  await promisify(execFile)(chromium, [
    '--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
    '--disable-component-update', '--disable-sync', `--user-data-dir=${join(dir, 'profile')}`,
    `--screenshot=${screenshot}`, '--window-size=1280,1600', pathToFileURL(page).href,
  ], { timeout: 120_000 });
  t.ok(existsSync(screenshot), 'screenshot written');
  const png = readFileSync(screenshot);
  t.equal(png.subarray(1, 4).toString('latin1'), 'PNG');
  t.equal(png.readUInt32BE(16), 1280, 'width');
  t.equal(png.readUInt32BE(20), 1600, 'height');
  t.ok(statSync(screenshot).size > 50_000, 'more than a blank page');
});
