// report.html: one self-contained page for people. Everything (CSS, the
// filter script, the timeline SVG) is inline so the page works offline and
// as a CI artifact, with no network fetches.
import type { Evidence, RunReport, ScenarioResult, ScenarioStatus, SuiteResult } from './model.ts';
import { describeValue, formatDuration } from './format.ts';

const statuses: ScenarioStatus[] = ['pass', 'fail', 'timeout', 'error', 'skip'];
const statusLabels: Record<ScenarioStatus, string> = { pass: 'Passed', fail: 'Failed', timeout: 'Timed out', error: 'Errored', skip: 'Skipped' };
const statusColours: Record<ScenarioStatus, string> = { pass: '#1a7f37', fail: '#cf222e', timeout: '#bc4c00', error: '#8250df', skip: '#8c959f' };
const expandedStatuses: ScenarioStatus[] = ['fail', 'timeout', 'error'];

// Control characters other than tab and line breaks show as \xNN so logs stay readable.
function escapeHtml(text: string): string {
  return text
    .replace(/[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F]/g, (ch) => `\\x${ch.charCodeAt(0).toString(16).padStart(2, '0')}`)
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&#39;');
}

export function renderHtml(report: RunReport): string {
  const t = report.totals;
  const problems = t.fail + t.timeout + t.error;
  const verdict = problems === 0 ? `<span class="verdict ok">All ${t.total - t.skip} run scenarios passed</span>` : `<span class="verdict bad">${problems} of ${t.total} scenarios did not pass</span>`;
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; script-src 'unsafe-inline'; img-src data:">
<title>kdrill run ${escapeHtml(report.runId)}</title>
<style>${styles}</style>
</head>
<body>
<header>
  <h1>kdrill run <code>${escapeHtml(report.runId)}</code></h1>
  ${verdict}
</header>
<main>
<section class="summary">
  <div class="cards">${statuses.map((s) => `<div class="card" style="--c:${statusColours[s]}"><b>${t[s]}</b><span>${statusLabels[s]}</span></div>`).join('')}<div class="card total"><b>${t.total}</b><span>Total</span></div></div>
  <dl class="facts">
    <dt>Cluster</dt><dd>${escapeHtml(report.cluster.name)} (${escapeHtml(report.cluster.provider)}), Kubernetes ${escapeHtml(report.cluster.kubernetesVersion)}, ${report.cluster.nodes.length} node${report.cluster.nodes.length === 1 ? '' : 's'}</dd>
    <dt>Started</dt><dd>${escapeHtml(report.startedAt)}</dd>
    <dt>Duration</dt><dd>${formatDuration(report.durationMs)}</dd>
    <dt>Command</dt><dd><code>${escapeHtml(report.command.join(' '))}</code></dd>
    <dt>kdrill</dt><dd>${escapeHtml(report.kdrillVersion)}</dd>
  </dl>
  ${renderNodes(report)}
</section>
<section>
  <h2>Timeline</h2>
  ${renderTimeline(report)}
</section>
<section>
  <h2>Scenarios</h2>
  <div class="filters" role="group" aria-label="Show scenarios by status">Show:
    ${statuses.map((s) => `<label style="--c:${statusColours[s]}"><input type="checkbox" data-filter="${s}" checked> ${statusLabels[s]} (${t[s]})</label>`).join('\n    ')}
  </div>
  ${report.suites.map(renderSuite).join('\n')}
</section>
</main>
<script>${filterScript}</script>
</body>
</html>
`;
}

function renderNodes(report: RunReport): string {
  if (report.cluster.nodes.length === 0) return '';
  const rows = report.cluster.nodes.map(
    (n) =>
      `<tr><td>${escapeHtml(n.name)}</td><td>${escapeHtml(n.roles.join(', ') || '-')}</td><td>${escapeHtml(Object.entries(n.capacity).map(([k, v]) => `${k} ${v}`).join(', '))}</td><td>${escapeHtml(n.kubeletVersion)}</td><td>${n.ready ? 'Ready' : '<span class="notready">NotReady</span>'}</td></tr>`,
  );
  return `<details class="nodes"><summary>Nodes</summary><table><thead><tr><th>Name</th><th>Roles</th><th>Capacity</th><th>Kubelet</th><th>Status</th></tr></thead><tbody>${rows.join('')}</tbody></table></details>`;
}

function renderTimeline(report: RunReport): string {
  const scenarios = report.suites.flatMap((s) => s.scenarios);
  if (scenarios.length === 0) return '<p class="empty">No scenarios ran.</p>';
  const runStart = Date.parse(report.startedAt);
  const span = Math.max(report.durationMs, ...scenarios.map((s) => Date.parse(s.startedAt) - runStart + s.durationMs), 1);
  const labelWidth = 300;
  const chartWidth = 860;
  const rowHeight = 22;
  const top = 24;
  const height = top + scenarios.length * rowHeight + 8;
  const x = (ms: number) => labelWidth + (Math.max(0, ms) / span) * chartWidth;
  const ticks = Array.from({ length: 6 }, (_, i) => (span * i) / 5);
  const axis = ticks
    .map((ms) => `<line x1="${x(ms)}" y1="${top - 4}" x2="${x(ms)}" y2="${height}" class="grid"/><text x="${x(ms)}" y="${top - 8}" text-anchor="middle" class="tick">${formatDuration(ms)}</text>`)
    .join('');
  const bars = scenarios
    .map((s, i) => {
      const startMs = Date.parse(s.startedAt) - runStart;
      const y = top + i * rowHeight;
      const width = Math.max(3, x(startMs + s.durationMs) - x(startMs));
      const label = `${s.suite}/${s.name}`;
      return `<g><title>${escapeHtml(`${label}: ${statusLabels[s.status]}, ${formatDuration(s.durationMs)}`)}</title><text x="${labelWidth - 8}" y="${y + 15}" text-anchor="end" class="label">${escapeHtml(label.length > 36 ? `${label.slice(0, 35)}…` : label)}</text><rect x="${x(startMs)}" y="${y + 4}" width="${width}" height="${rowHeight - 8}" rx="3" fill="${statusColours[s.status]}"/></g>`;
    })
    .join('');
  return `<svg class="timeline" viewBox="0 0 ${labelWidth + chartWidth + 20} ${height}" role="img" aria-label="Timeline of the run: one bar per scenario from its start to its end">${axis}${bars}</svg>`;
}

function renderSuite(suite: SuiteResult): string {
  const n = (status: ScenarioStatus) => suite.scenarios.filter((s) => s.status === status).length;
  const counts = statuses.filter((s) => n(s) > 0).map((s) => `<span class="pill" style="--c:${statusColours[s]}">${n(s)} ${statusLabels[s].toLowerCase()}</span>`).join(' ');
  return `<div class="suite">
  <h3>${escapeHtml(suite.name)} <small>${formatDuration(suite.durationMs)}</small> ${counts}</h3>
  <table>
    <colgroup><col class="c-status"><col><col class="c-conformance"><col class="c-tags"><col class="c-duration"></colgroup>
    <thead><tr><th>Status</th><th>Scenario</th><th>Conformance</th><th>Tags</th><th class="num">Duration</th></tr></thead>
    <tbody>
${suite.scenarios.map(renderScenario).join('\n')}
    </tbody>
  </table>
</div>`;
}

function renderScenario(s: ScenarioResult): string {
  const tags = [...s.tags, ...(s.disruptive ? ['disruptive'] : [])].map((tag) => `<span class="tag">${escapeHtml(tag)}</span>`).join(' ');
  const reason = s.reason ? `<div class="reason">${escapeHtml(s.reason)}</div>` : '';
  const row = `<tr data-status="${s.status}" class="scenario"><td><span class="badge" style="--c:${statusColours[s.status]}">${statusLabels[s.status]}</span></td><td><b>${escapeHtml(s.name)}</b><div class="desc">${escapeHtml(s.description)}</div>${reason}</td><td>${escapeHtml(s.conformance)}</td><td>${tags}</td><td class="num">${formatDuration(s.durationMs)}</td></tr>`;
  const open = expandedStatuses.includes(s.status) ? ' open' : '';
  const details = `<tr data-status="${s.status}" class="details"><td></td><td colspan="4"><details${open}><summary>Details</summary>${renderDetails(s)}</details></td></tr>`;
  return row + details;
}

function renderDetails(s: ScenarioResult): string {
  const parts: string[] = [];
  if (s.namespace) parts.push(`<p class="meta">Namespace <code>${escapeHtml(s.namespace)}</code>, started ${escapeHtml(s.startedAt)}</p>`);
  if (s.assertions.length > 0) {
    parts.push(
      `<h4>Assertions</h4><ul class="assertions">${s.assertions
        .map((a) => {
          const values = [
            'expected' in a ? `<div class="kv"><span>expected</span><code>${escapeHtml(describeValue(a.expected))}</code></div>` : '',
            'actual' in a ? `<div class="kv"><span>actual</span><code>${escapeHtml(describeValue(a.actual))}</code></div>` : '',
          ].join('');
          return `<li class="${a.passed ? 'ok' : 'bad'}"><span class="mark">${a.passed ? '✓' : '✗'}</span> ${escapeHtml(a.message)}${values}</li>`;
        })
        .join('')}</ul>`,
    );
  }
  if (s.steps.length > 0) {
    parts.push(
      `<h4>Steps</h4><ol class="steps">${s.steps
        .map((st) => `<li><span class="off">+${formatDuration(st.offsetMs)}</span> ${escapeHtml(st.message)}${st.durationMs === undefined ? '' : ` <span class="took">${formatDuration(st.durationMs)}</span>`}</li>`)
        .join('')}</ol>`,
    );
  }
  if (s.measurements && Object.keys(s.measurements).length > 0) {
    parts.push(`<h4>Measurements</h4><ul class="measurements">${Object.entries(s.measurements).map(([k, v]) => `<li><code>${escapeHtml(k)}</code> ${v}</li>`).join('')}</ul>`);
  }
  if (s.evidence) parts.push(renderEvidence(s.evidence));
  return parts.join('') || '<p class="empty">Nothing recorded.</p>';
}

function renderEvidence(e: Evidence): string {
  const parts: string[] = [];
  if (e.events.length > 0) {
    parts.push(
      `<h4>Events</h4><table class="events"><thead><tr><th>Type</th><th>Reason</th><th>Object</th><th>Message</th><th class="num">Count</th></tr></thead><tbody>${e.events
        .map((ev) => `<tr><td class="${ev.type === 'Warning' ? 'warn' : ''}">${escapeHtml(ev.type)}</td><td>${escapeHtml(ev.reason)}</td><td>${escapeHtml(ev.object)}</td><td>${escapeHtml(ev.message)}</td><td class="num">${ev.count}</td></tr>`)
        .join('')}</tbody></table>`,
    );
  }
  if (e.pods.length > 0) {
    parts.push(
      `<h4>Pods</h4><ul class="pods">${e.pods
        .map((p) => `<li><code>${escapeHtml(p.name)}</code> ${escapeHtml(p.phase ?? 'unknown phase')}${p.node ? ` on <code>${escapeHtml(p.node)}</code>` : ', not scheduled'}${p.conditions.length > 0 ? ` — ${escapeHtml(p.conditions.join(', '))}` : ''}</li>`)
        .join('')}</ul>`,
    );
  }
  for (const log of e.podLogs) parts.push(`<h4>Log of <code>${escapeHtml(log.pod)}/${escapeHtml(log.container)}</code></h4><pre class="log">${escapeHtml(log.log)}</pre>`);
  return parts.join('');
}

const filterScript = `
for (const box of document.querySelectorAll('input[data-filter]')) box.addEventListener('change', applyFilters);
function applyFilters() {
  const shown = new Set(Array.from(document.querySelectorAll('input[data-filter]:checked'), (b) => b.dataset.filter));
  for (const row of document.querySelectorAll('tr[data-status]')) row.hidden = !shown.has(row.dataset.status);
}
`;

const styles = `
:root { color-scheme: light; --fg: #1f2328; --muted: #59636e; --line: #d1d9e0; --bg: #f6f8fa; }
* { box-sizing: border-box; }
body { margin: 0; font: 14px/1.5 system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif; color: var(--fg); background: #fff; }
header { display: flex; align-items: center; gap: 16px; flex-wrap: wrap; padding: 16px 32px; background: #24292f; color: #fff; }
header h1 { margin: 0; font-size: 20px; font-weight: 600; }
header code { background: rgba(255,255,255,.12); color: #fff; }
.verdict { padding: 3px 12px; border-radius: 999px; font-weight: 600; }
.verdict.ok { background: #1a7f37; }
.verdict.bad { background: #cf222e; }
main { padding: 8px 32px 48px; max-width: 1240px; }
h2 { font-size: 18px; margin: 28px 0 12px; padding-bottom: 6px; border-bottom: 1px solid var(--line); }
h3 { font-size: 16px; margin: 20px 0 8px; display: flex; gap: 8px; align-items: center; flex-wrap: wrap; }
h3 small { color: var(--muted); font-weight: 400; }
h4 { margin: 12px 0 4px; font-size: 13px; text-transform: uppercase; letter-spacing: .04em; color: var(--muted); }
h4 code { text-transform: none; letter-spacing: 0; }
code { font: 12.5px ui-monospace, SFMono-Regular, Menlo, Consolas, monospace; background: var(--bg); padding: 1px 5px; border-radius: 4px; }
.cards { display: flex; gap: 12px; flex-wrap: wrap; margin: 20px 0 12px; }
.card { min-width: 112px; padding: 10px 16px; border: 1px solid var(--line); border-top: 4px solid var(--c, #57606a); border-radius: 8px; display: flex; flex-direction: column; }
.card b { font-size: 26px; line-height: 1.2; color: var(--c, var(--fg)); }
.card span { color: var(--muted); font-size: 12px; text-transform: uppercase; letter-spacing: .04em; }
.facts { display: grid; grid-template-columns: max-content 1fr; gap: 2px 16px; margin: 8px 0; }
.facts dt { color: var(--muted); }
.facts dd { margin: 0; }
details.nodes { margin-top: 8px; }
table { border-collapse: collapse; width: 100%; }
th, td { text-align: left; vertical-align: top; padding: 6px 10px; border-bottom: 1px solid var(--line); }
th { background: var(--bg); font-weight: 600; font-size: 12px; text-transform: uppercase; letter-spacing: .03em; color: var(--muted); }
.num { text-align: right; white-space: nowrap; }
.suite > table { table-layout: fixed; }
.c-status { width: 112px; }
.c-conformance { width: 22%; }
.c-tags { width: 18%; }
.c-duration { width: 96px; }
td { overflow-wrap: anywhere; }
tr.scenario td { border-bottom: none; }
tr.details td { padding-top: 0; }
tr.details summary { cursor: pointer; color: var(--muted); font-size: 12px; }
tr[hidden] { display: none; }
.badge { display: inline-block; padding: 1px 8px; border-radius: 999px; color: #fff; background: var(--c); font-size: 12px; font-weight: 600; white-space: nowrap; }
.pill { font-size: 12px; font-weight: 500; padding: 0 8px; border-radius: 999px; border: 1px solid var(--c); color: var(--c); }
.tag { display: inline-block; font-size: 12px; padding: 0 6px; margin: 1px 0; border-radius: 4px; background: #ddf4ff; color: #0969da; }
.desc { color: var(--muted); }
.reason { margin-top: 2px; color: #9a6700; }
.filters { display: flex; gap: 14px; flex-wrap: wrap; align-items: center; padding: 8px 12px; background: var(--bg); border: 1px solid var(--line); border-radius: 8px; }
.filters label { cursor: pointer; border-left: 4px solid var(--c); padding-left: 6px; }
.assertions, .steps, .pods, .measurements { margin: 0; padding-left: 20px; }
.assertions { list-style: none; padding-left: 0; }
.assertions li { margin: 4px 0; }
.assertions .ok .mark { color: #1a7f37; }
.assertions .bad { color: #82071e; }
.assertions .bad .mark { color: #cf222e; font-weight: 700; }
.kv { margin: 2px 0 0 22px; color: var(--fg); }
.kv span { display: inline-block; width: 72px; color: var(--muted); font-size: 12px; }
.off, .took { color: var(--muted); font: 12px ui-monospace, SFMono-Regular, Menlo, Consolas, monospace; }
.events { font-size: 13px; }
.events .warn { color: #9a6700; font-weight: 600; }
pre.log { margin: 4px 0; padding: 10px 12px; max-height: 320px; overflow: auto; background: #0d1117; color: #e6edf3; border-radius: 6px; font: 12px/1.45 ui-monospace, SFMono-Regular, Menlo, Consolas, monospace; white-space: pre-wrap; }
.timeline { width: 100%; height: auto; border: 1px solid var(--line); border-radius: 8px; background: #fff; }
.timeline .grid { stroke: #eaeef2; }
.timeline .tick { font-size: 11px; fill: var(--muted); }
.timeline .label { font-size: 12px; fill: var(--fg); font-family: ui-monospace, SFMono-Regular, Menlo, Consolas, monospace; }
.notready { color: #cf222e; font-weight: 600; }
.empty { color: var(--muted); }
`;
