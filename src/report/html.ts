/**
 * report.html: one self-contained page for people (issue 5). Inline CSS, no script, no font or image
 * from anywhere, a strict Content-Security-Policy, and nothing personal in its title. Built only from
 * the summary, the sites and the issues, so it stays small on very large plans: at most
 * MAX_PER_CODE locations per code, with the rest counted and left to errors.csv.
 */
import type { PlanResult, SiteSummary } from '../core/plan.js';
import { ruleByCode } from '../core/rules/index.js';
import { byCodeInReadingOrder, describeReference, groupBy, isDeferral } from './issues.js';

export const MAX_PER_CODE = 200;
export const MAX_ROWS_TO_FIX = 300;
/** Sites shown in the sites table and the tree: those with a problem first. */
export const MAX_SITES = 500;

/** At most `limit` sites, those in error or over quota first, each group in file order. */
export function sitesToShow(
  sites: readonly SiteSummary[],
  limit = MAX_SITES,
): { shown: SiteSummary[]; hidden: number } {
  if (sites.length <= limit) return { shown: [...sites], hidden: 0 };
  const ranked = [...sites.filter((s) => s.status !== 'ok'), ...sites.filter((s) => s.status === 'ok')];
  return { shown: ranked.slice(0, limit), hidden: sites.length - limit };
}

const moreSites = (hidden: number) =>
  hidden > 0
    ? `<p class="more">…and ${hidden.toLocaleString('en-GB')} more sites, all listed in <code>sites.csv</code>.</p>`
    : '';

const esc = (s: string | number): string =>
  String(s).replace(
    /[&<>"']/g,
    (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!,
  );
const plural = (n: number, one: string, many = `${one}s`) =>
  `${n.toLocaleString('en-GB')} ${n === 1 ? one : many}`;

const CSS = `
:root{--ink:#1d2329;--muted:#56606b;--line:#d5dbe1;--bg:#f4f6f8;--ok:#00703c;--warn:#8a5a00;--bad:#b10e1e;--blue:#005eb8;--exist:#768692}
*{box-sizing:border-box}body{margin:0;font:16px/1.5 system-ui,-apple-system,"Segoe UI",Roboto,Arial,sans-serif;color:var(--ink);background:var(--bg)}
header,main,footer{max-width:1100px;margin:0 auto;padding:0 16px}header{padding-top:24px}
h1{font-size:1.75rem;margin:0 0 4px}h2{font-size:1.3rem;margin:0 0 12px}h3{font-size:1.05rem;margin:0}
section{background:#fff;border:1px solid var(--line);border-radius:6px;padding:16px;margin:16px 0}
.muted{color:var(--muted)}.small{font-size:.875rem}
.tiles{display:grid;grid-template-columns:repeat(auto-fit,minmax(150px,1fr));gap:12px;margin:12px 0}
.tile{border-left:6px solid var(--line);padding:8px 12px;background:var(--bg)}.tile b{display:block;font-size:2rem;line-height:1.1}
.tile.submitted{border-color:var(--exist)}.tile.ready{border-color:var(--ok)}.tile.deferred{border-color:var(--warn)}.tile.rejected{border-color:var(--bad)}
.next li{margin:4px 0}
.scroll{overflow-x:auto}table{border-collapse:collapse;width:100%;font-size:.925rem}
th,td{text-align:left;vertical-align:top;padding:6px 8px;border-bottom:1px solid var(--line)}th{background:var(--bg);font-weight:600}
td.num,th.num{text-align:right;font-variant-numeric:tabular-nums}
.badge{display:inline-block;padding:0 8px;border-radius:10px;font-size:.8rem;font-weight:600;white-space:nowrap}
.badge.ok{background:#e0f0e7;color:var(--ok)}.badge.over-quota,.badge.warning{background:#fdf0d5;color:var(--warn)}
.badge.error{background:#f8dcdf;color:var(--bad)}.badge.info{background:#e1ecf7;color:var(--blue)}
.bar{display:flex;height:14px;min-width:140px;background:#eef1f4;border-radius:3px;overflow:hidden;margin-top:4px}
.bar span{display:block;height:100%}.bar .existing{background:var(--exist)}.bar .ready{background:var(--ok)}.bar .over{background:var(--bad)}
.legend span{display:inline-block;width:10px;height:10px;margin:0 4px 0 10px;vertical-align:middle}
.tree ul{list-style:none;margin:4px 0 8px;padding-left:20px;border-left:2px solid var(--line)}.tree>ul{border:0;padding:0}
.mismatch{color:var(--bad);font-weight:600}
details{border-top:1px solid var(--line);padding:10px 0}details:first-of-type{border-top:0}summary{cursor:pointer}
summary h3{display:inline}code{font-family:ui-monospace,Consolas,monospace;font-size:.9em;background:var(--bg);padding:0 3px;border-radius:3px}
.more{margin:8px 0 0;font-style:italic}
footer{padding:8px 16px 32px;color:var(--muted);font-size:.875rem}
@media (max-width:600px){body{font-size:15px}section{padding:12px;border-radius:0;margin:12px -16px}.hide-narrow{display:none}}
@media print{@page{size:A4;margin:14mm}body{background:#fff;font-size:10.5pt}section{border:0;padding:0;margin:0 0 14px;break-inside:auto}
tr,li{break-inside:avoid}.scroll{overflow:visible}details>*{display:block}summary{list-style:none}a{color:inherit}}
`;

/** Accounts after this request against the allowance: staying, new, and over (deferred). */
function siteBar(s: SiteSummary): string {
  const staying = Math.max(0, s.existing_accounts - s.leavers);
  const added = s.ready - s.leavers;
  const scale = Math.max(s.allowance, staying + added + s.deferred, 1);
  const pct = (n: number) => `${((n / scale) * 100).toFixed(1)}%`;
  const leaving = s.leavers ? ` − ${s.leavers} leaving` : '';
  const label = `${s.existing_accounts} existing${leaving}, ${added} new, ${s.deferred} over, of ${s.allowance} allowed`;
  const bar = `<div class="bar" role="img" aria-label="${esc(label)}"><span class="existing" style="width:${pct(staying)}"></span><span class="ready" style="width:${pct(added)}"></span><span class="over" style="width:${pct(s.deferred)}"></span></div>`;
  const over = s.deferred ? ` + <span class="mismatch">${s.deferred} over</span>` : '';
  return `${bar}<span class="small muted">${s.existing_accounts}${leaving} + ${added} new${over} of ${s.allowance}</span>`;
}

function headline(result: PlanResult): string {
  const s = result.summary;
  const next: string[] = [];
  if (s.ready > 0) next.push(`Send <code>nas-bulk-upload.csv</code> (${plural(s.ready, 'row')}) to NAS.`);
  if (s.rejected > 0)
    next.push(
      `Fix the ${plural(s.rejected, 'row')} marked <b>rejected</b> in <code>review.csv</code> (its <i>fix</i> column says how), then run again.`,
    );
  if (s.deferred > 0)
    next.push(
      `${plural(s.deferred, 'row')} ${s.deferred === 1 ? 'is' : 'are'} valid but ${s.deferred === 1 ? 'its site is' : 'their sites are'} full: send ${s.deferred === 1 ? 'it' : 'them'} when an account frees up.`,
    );
  if (s.submitted > 0)
    next.push(
      `${plural(s.submitted, 'row')} marked <b>submitted</b> went in the earlier upload: ${s.submitted === 1 ? 'it is' : 'they are'} not in <code>nas-bulk-upload.csv</code> again.`,
    );
  if (s.rows === 0) next.push('The staff file has no rows to check.');
  return `<section aria-labelledby="h-summary"><h2 id="h-summary">Summary</h2>
<div class="tiles"><div class="tile ready"><b>${s.ready.toLocaleString('en-GB')}</b>ready to send</div><div class="tile deferred"><b>${s.deferred.toLocaleString('en-GB')}</b>waiting for a free account</div><div class="tile rejected"><b>${s.rejected.toLocaleString('en-GB')}</b>to fix</div>${s.submitted > 0 ? `<div class="tile submitted"><b>${s.submitted.toLocaleString('en-GB')}</b>already sent</div>` : ''}</div>
<p>${plural(s.rows, 'row')} across ${plural(s.sites, 'site')}: ${plural(s.errors, 'error')}, ${plural(s.warnings, 'warning')}${s.sitesOverQuota ? `, ${plural(s.sitesOverQuota, 'site')} over its allowance` : ''}.</p>
<h3>What to do next</h3><ol class="next">${next.map((n) => `<li>${n}</li>`).join('')}</ol></section>`;
}

function sitesTable(result: PlanResult): string {
  if (result.sites.length === 0) return '';
  const { shown, hidden } = sitesToShow(result.sites);
  const rows = shown
    .map(
      (
        s,
      ) => `<tr><td><b>${esc(s.site_ods_code)}</b><br><span class="small muted">${esc(s.site_name)}</span></td>
<td class="small">${esc(s.shared_mailbox)}</td><td>${siteBar(s)}</td>
<td class="num">${s.requested}</td><td class="num">${s.ready}</td><td class="num">${s.deferred}</td><td class="num">${s.rejected}</td><td class="num hide-narrow">${s.owners}</td><td><span class="badge ${esc(s.status)}">${esc(s.status)}</span></td></tr>`,
    )
    .join('\n');
  return `<section aria-labelledby="h-sites"><h2 id="h-sites">Sites</h2>
<p class="small muted legend">Accounts after this request, against the allowance:<span style="background:var(--exist)"></span>existing (less leavers)<span style="background:var(--ok)"></span>new, ready to send<span style="background:var(--bad)"></span>over the allowance (deferred)</p>
<div class="scroll"><table><thead><tr><th scope="col">Site</th><th scope="col">Shared mailbox</th><th scope="col">Allowance</th><th scope="col" class="num">Rows</th><th scope="col" class="num">Ready</th><th scope="col" class="num">Deferred</th><th scope="col" class="num">Rejected</th><th scope="col" class="num hide-narrow">Owners</th><th scope="col">Status</th></tr></thead>
<tbody>${rows}</tbody></table></div>${moreSites(hidden)}</section>`;
}

function hierarchy(result: PlanResult): string {
  const { shown, hidden } = sitesToShow(result.sites.filter((s) => s.ods_parent_code || s.hq_ods_code));
  if (shown.length === 0) return '';
  const groups = groupBy(shown, (s) => s.ods_parent_code || s.hq_ods_code);
  const items = [...groups.entries()]
    .map(([hq, sites]) => {
      const name = result.hqNames[hq];
      const lis = sites
        .map((s) => {
          const mismatch = s.ods_parent_code && s.hq_ods_code && s.ods_parent_code !== s.hq_ods_code;
          const note = mismatch
            ? ` <span class="mismatch">— you list it under ${esc(s.hq_ods_code)}</span>`
            : s.ods_parent_code
              ? ''
              : ' <span class="muted small">(not in the ODS reference; HQ as you list it)</span>';
          return `<li><b>${esc(s.site_ods_code)}</b> ${esc(s.site_name)}${note}</li>`;
        })
        .join('');
      return `<li>HQ <b>${esc(hq)}</b>${name ? ` ${esc(name)}` : ''}<ul>${lis}</ul></li>`;
    })
    .join('');
  return `<section aria-labelledby="h-tree" class="tree"><h2 id="h-tree">HQ and sites, as ODS sees them</h2>
<p class="small muted">Sites are listed under their parent in the ODS reference (or the HQ you give when ODS does not know the site). Red marks a site you list under a different HQ.</p><ul>${items}</ul>${moreSites(hidden)}</section>`;
}

function issuesByCode(result: PlanResult): string {
  const ordered = byCodeInReadingOrder(result.issues);
  if (ordered.length === 0)
    return `<section aria-labelledby="h-issues"><h2 id="h-issues">Findings</h2><p>No findings.</p></section>`;
  const blocks = ordered
    .map(([code, list]) => {
      const rule = ruleByCode(code);
      const sev = list[0]!.severity;
      const shown = list.slice(0, MAX_PER_CODE);
      const rows = shown
        .map(
          (i) =>
            `<tr><td>${esc(i.file)}</td><td class="num">${i.line ?? ''}</td><td>${esc(i.column)}</td><td>${esc(i.message)}</td></tr>`,
        )
        .join('');
      const more =
        list.length > shown.length
          ? `<p class="more">…and ${(list.length - shown.length).toLocaleString('en-GB')} more in <code>errors.csv</code>.</p>`
          : '';
      return `<details id="code-${esc(code)}"${sev === 'info' ? '' : ' open'}><summary><h3><span class="badge ${sev}">${sev}</span> ${esc(rule?.title ?? code)} <span class="muted">(${list.length.toLocaleString('en-GB')})</span></h3> <code>${esc(code)}</code></summary>
<p>${esc(rule?.description ?? '')}</p><p><b>What to do:</b> ${esc(list[0]!.hint)}</p>
<div class="scroll"><table><thead><tr><th scope="col">File</th><th scope="col" class="num">Line</th><th scope="col">Column</th><th scope="col">What is wrong</th></tr></thead><tbody>${rows}</tbody></table></div>${more}</details>`;
    })
    .join('\n');
  return `<section aria-labelledby="h-issues"><h2 id="h-issues">Findings by kind</h2>${blocks}</section>`;
}

function rowsToFix(result: PlanResult): string {
  const byRow = groupBy(
    result.issues.filter((i) => i.severity === 'error' && i.line !== null && !isDeferral(i)),
    (i) => `${i.file}\u0000${i.line}`,
  );
  if (byRow.size === 0) return '';
  const entries = [...byRow.values()];
  const shown = entries.slice(0, MAX_ROWS_TO_FIX);
  const rows = shown
    .map((list) => {
      const first = list[0]!;
      const fixes = [...new Set(list.map((i) => i.hint))].map((h) => `<li>${esc(h)}</li>`).join('');
      const what = list.map((i) => `${esc(i.message)}`).join('<br>');
      return `<tr><td>${esc(first.file)}</td><td class="num">${first.line}</td><td>${what}</td><td><ul>${fixes}</ul></td></tr>`;
    })
    .join('');
  const more =
    entries.length > shown.length
      ? `<p class="more">…and ${plural(entries.length - shown.length, 'more line')}: see <code>review.csv</code>.</p>`
      : '';
  return `<section aria-labelledby="h-fix"><h2 id="h-fix">Lines to fix</h2>
<p class="small muted">Every line with an error, with what to do. Rows of a site that has an error are rejected too: fix the site line first.</p>
<div class="scroll"><table><thead><tr><th scope="col">File</th><th scope="col" class="num">Line</th><th scope="col">What is wrong</th><th scope="col">How to fix it</th></tr></thead><tbody>${rows}</tbody></table></div>${more}</section>`;
}

function references(result: PlanResult): string {
  if (result.references.length === 0) return '';
  return `\n<p class="muted small">Checked against ${result.references.map((r) => esc(describeReference(r))).join(', ')}.</p>`;
}

export function reportHtml(result: PlanResult, tool: { name: string; version: string }): string {
  const files = result.inputs.map((i) => `${esc(i.file)} (${plural(i.rows, 'row')})`).join(', ');
  return `<!doctype html>
<html lang="en-GB">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; img-src data:; base-uri 'none'; form-action 'none'">
<meta name="referrer" content="no-referrer">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>NHSmail bulk request check</title>
<style>${CSS}</style>
</head>
<body>
<header><h1>NHSmail bulk request check</h1>
<p class="muted">As of ${esc(result.asOf)}. Checked ${files}.</p>${references(result)}</header>
<main>
${headline(result)}
${sitesTable(result)}
${hierarchy(result)}
${rowsToFix(result)}
${issuesByCode(result)}
</main>
<footer>Made on this computer by ${esc(tool.name)} ${esc(tool.version)}. This page loads nothing and sends nothing: the names, e-mails and mobiles in it never left your machine.</footer>
</body>
</html>
`;
}
