import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import t from 'tap';
import { renderJunit } from '../../src/report/junit.ts';
import { sampleReport } from './fixtures/sample-report.ts';

const xsd = fileURLToPath(new URL('./fixtures/junit.xsd', import.meta.url));

t.test('the JUnit file validates against the JUnit XSD', async (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'kdrill-junit-'));
  t.teardown(() => rmSync(dir, { recursive: true, force: true }));
  const file = join(dir, 'junit.xml');
  writeFileSync(file, renderJunit(sampleReport()));
  const r = spawnSync('xmllint', ['--noout', '--schema', xsd, file], { encoding: 'utf8' });
  t.equal(r.error, undefined, 'xmllint runs (Debian libxml2-utils)');
  t.equal(r.status, 0, r.stderr);
});

t.test('counts, classnames and suite properties', async (t) => {
  const xml = renderJunit(sampleReport());
  t.match(xml, /<testsuites name="kdrill r1" tests="5" failures="1" errors="2" skipped="1" time="34\.000">/);
  t.match(xml, /<testsuite name="scheduling" tests="4" failures="1" errors="1" skipped="1" time="33\.000" timestamp="2026-01-10T12:00:00" hostname="[^"]+">/);
  t.match(xml, /<property name="cluster.provider" value="reference"\/>/);
  t.match(xml, /<property name="kubernetes.version" value="v1.34.0"\/>/);
  t.match(xml, /<property name="run.id" value="r1"\/>/);
  t.match(xml, /<testcase name="requests-that-fit" classname="scheduling" time="0\.800">/);
  t.match(xml, /<testcase name="deployment-self-heals" classname="workloads" time="0\.150">/);
});

t.test('each outcome has its element, and every testcase one system-out', async (t) => {
  const xml = renderJunit(sampleReport());
  t.match(xml, /<failure message="pod lands on the node with label &lt;disk=ssd&gt; &amp; &quot;zone&quot;" type="AssertionError">/);
  t.match(xml, /expected: node-2\n  actual:   \{"node":"node-1","phase":"Running"\}/);
  t.match(xml, /<skipped message="the cluster has 1 node; needs 2"\/>/);
  t.match(xml, /<error message="timed out after 30\.000s: waiting for pod to be evicted" type="Timeout">/);
  t.match(xml, /<error message="POST \/api\/v1\/namespaces: 503 Service Unavailable" type="Error">/);
  const testcases = xml.split('<testcase ').slice(1);
  for (const testcase of testcases) t.ok(testcase.split('<system-out>').length <= 2, 'at most one system-out');
  t.match(testcases[0], /<system-out>\[\+0ms\] created namespace\n\[\+40ms\] applied pod \(12ms\)<\/system-out>/);
});

t.test('control characters cannot break the document', async (t) => {
  const report = sampleReport();
  const scenario = report.suites[0]!.scenarios[1]!;
  scenario.assertions[1]!.message = 'bell\u0007 nul\u0000 esc\u001b[31m tab\tend';
  scenario.steps.push({ at: scenario.startedAt, offsetMs: 1, message: 'form feed \u000c and lone surrogate \ud800 <b>' });
  const xml = renderJunit(report);
  t.notMatch(xml, /[\u0000-\u0008\u000B\u000C\u000E-\u001F]/);
  t.match(xml, /bell\\x07 nul\\x00 esc\\x1b\[31m tab&#9;end/);
  t.match(xml, /form feed \\x0c and lone surrogate \\xd800 &lt;b&gt;/);
  const dir = mkdtempSync(join(tmpdir(), 'kdrill-junit-'));
  t.teardown(() => rmSync(dir, { recursive: true, force: true }));
  const file = join(dir, 'junit.xml');
  writeFileSync(file, xml);
  const r = spawnSync('xmllint', ['--noout', '--schema', xsd, file], { encoding: 'utf8' });
  t.equal(r.status, 0, r.stderr);
});
