/**
 * report.html: one self-contained page (no network, no other file needed).
 * It opens with the scenario's question and headline numbers
 * (reports/report-heading.ts) and its figures right under them, made
 * interactive by vega-embed (tooltips, export); the tables follow, each
 * folded under its title, since a sweep's run to a hundred rows; then the
 * scenario and what the results came from (reports/provenance.ts). Vega,
 * Vega-Lite and vega-embed are inlined from the installed packages.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import type { TopLevelSpec } from 'vega-lite';
import { stringify as toYaml } from 'yaml';
import type { FigureFiles, FigureFormat } from './figure-files.js';
import type { SkippedFigure } from './figures/figure.js';
import type { ResultsFolder } from './folder/results-folder.js';
import { reportProvenance, type ProvenanceRow } from './provenance.js';
import { reproductionHtml } from './tables/reproduction.js';
import { reportHeading, type ReportHeading } from './report-heading.js';
import { htmlEscape, tableHtml, type Table } from './tables/table.js';

export interface HtmlFigure {
  readonly id: string;
  readonly title: string;
  readonly caption: string;
  readonly spec: TopLevelSpec;
  readonly widthPt: number;
  /** The renderings on disk that match the spec (linked) and those from an earlier spec (not linked). */
  readonly files: FigureFiles;
}

const require = createRequire(import.meta.url);

/** The browser builds of the three libraries, read once. */
let scripts: string | undefined;
function libraryScripts(): string {
  if (scripts) return scripts;
  const files = [
    join(dirname(require.resolve('vega')), 'vega.min.js'),
    join(dirname(require.resolve('vega-lite')), 'vega-lite.min.js'),
    join(dirname(require.resolve('vega-embed')), 'vega-embed.min.js'),
  ];
  // A literal "</script" inside inlined code would end the element early.
  scripts = files.map((file) => `<script>${readFileSync(file, 'utf8').replace(/<\/script/gi, '<\\/script')}</script>`).join('\n');
  return scripts;
}

/** JSON safe inside a <script> element. */
const scriptJson = (value: unknown) =>
  JSON.stringify(value)
    .replace(/</g, '\\u003c')
    .replace(/\u2028/g, '\\u2028')
    .replace(/\u2029/g, '\\u2029');

const STYLE = `
:root { --ink: #222; --muted: #666; --rule: #ddd; --accent: #0072B2; }
* { box-sizing: border-box; }
body { margin: 0; font: 15px/1.5 "DejaVu Sans", system-ui, sans-serif; color: var(--ink); background: #fff; }
header, main { max-width: 1100px; margin: 0 auto; padding: 0 24px; }
header { padding-top: 24px; border-bottom: 1px solid var(--rule); }
h1 { font-size: 1.6em; margin: 0 0 4px; }
h2 { font-size: 1.25em; margin: 36px 0 12px; border-bottom: 1px solid var(--rule); padding-bottom: 4px; }
.meta { color: var(--muted); margin: 0 0 8px; }
.question { font-size: 1.05em; margin: 0 0 8px; max-width: 900px; }
.headline { margin: 0 0 12px; padding-left: 20px; font-size: 0.92em; max-width: 900px; }
details.table, details.folded { margin: 0 0 8px; }
details.table > summary, details.folded > summary { cursor: pointer; font-weight: bold; padding: 4px 0; }
details[open] > summary { margin-bottom: 8px; }
.stale { color: var(--muted); }
nav a { margin-right: 16px; color: var(--accent); text-decoration: none; }
nav { margin-bottom: 12px; }
#figures { padding-top: 20px; }
figure { margin: 0 0 32px; }
figure h3 { font-size: 1.05em; margin: 0 0 8px; }
.chart { display: block !important; overflow-x: auto; }
.chart svg { width: 100%; height: auto; }
.chart.one-column { max-width: 560px; }
.chart.two-column { max-width: 1050px; }
.vega-bindings { margin: 6px 0; font-size: 0.9em; }
.vega-bind { display: inline-block; margin-right: 16px; }
figcaption { color: var(--muted); font-size: 0.92em; max-width: 900px; }
.downloads { font-size: 0.85em; }
.downloads a { margin-right: 10px; color: var(--accent); }
.table-wrap { overflow-x: auto; max-height: 560px; overflow-y: auto; margin-bottom: 24px; }
table { border-collapse: collapse; font-size: 0.9em; }
caption { text-align: left; color: var(--muted); padding-bottom: 6px; caption-side: top; max-width: 900px; }
th, td { padding: 3px 10px; border-bottom: 1px solid var(--rule); text-align: left; white-space: nowrap; }
thead th { border-bottom: 2px solid var(--ink); position: sticky; top: 0; background: #fff; }
.num { text-align: right; font-variant-numeric: tabular-nums; }
pre { background: #f6f6f6; padding: 12px; overflow-x: auto; font-size: 0.85em; }
.skipped { color: var(--muted); font-size: 0.9em; }
.error { color: #D55E00; }
table.provenance th { font-weight: normal; color: var(--muted); }
table.provenance td { white-space: normal; }
`;

/**
 * What the results came from. Not the manifest itself: its paths, times and
 * machine would make the same scenario and seed give different reports.
 */
function provenanceHtml(rows: readonly ProvenanceRow[], hasManifest: boolean): string {
  if (rows.length === 0) return '';
  const note = hasManifest
    ? '<p class="meta">Where and when these results were made (the scenario’s and profile’s paths, the time, the machine, Node, the git commit, the workers) is in <a href="manifest.json">manifest.json</a>, beside this report.</p>'
    : '';
  const body = rows.map((r) => `<tr><th scope="row">${htmlEscape(r.label)}</th><td>${htmlEscape(r.value)}</td></tr>`).join('\n');
  return `<h2 id="provenance">Provenance</h2>\n<div class="table-wrap"><table class="provenance"><tbody>\n${body}\n</tbody></table></div>\n${note}`;
}

const DOWNLOAD_ORDER: readonly FigureFormat[] = ['pdf', 'svg', 'png'];

/** Links to the renderings that match the figure, and a word on those that do not (and how to redraw them). */
function downloadsHtml(figure: HtmlFigure): string {
  const links = [...DOWNLOAD_ORDER.filter((f) => figure.files.current.includes(f)), 'vl.json' as const].map(
    (ext) => `<a href="figures/${figure.id}.${ext}">${ext === 'vl.json' ? 'Vega-Lite' : ext.toUpperCase()}</a>`,
  );
  const stale = figure.files.stale;
  const note = stale.length
    ? ` <span class="stale">(${stale.map((f) => f.toUpperCase()).join(', ')} drawn before this figure changed: <code>poq-sim report &lt;folder&gt; --formats ${stale.join(',')}</code> redraws ${stale.length > 1 ? 'them' : 'it'})</span>`
    : '';
  return `<div class="downloads">${links.join('')}${note}</div>`;
}

function figureHtml(figure: HtmlFigure): string {
  return `<figure id="figure-${figure.id}">
<h3>${htmlEscape(figure.title)}</h3>
<div class="chart ${figure.widthPt > 300 ? 'two-column' : 'one-column'}" id="chart-${figure.id}" data-figure="${figure.id}"></div>
<figcaption>${htmlEscape(figure.caption)}</figcaption>
${downloadsHtml(figure)}
</figure>`;
}

function skippedHtml(skipped: readonly SkippedFigure[]): string {
  return skipped.length
    ? `<p class="skipped">Not drawn, for lack of data in this folder: ${skipped.map((s) => `<b>${htmlEscape(s.id)}</b> (${htmlEscape(s.reason)})`).join('; ')}.</p>`
    : '';
}

/** Each table folded under its title: the figures above stay in view, a table opens on a click. */
function tablesHtml(tables: readonly Table[]): string {
  return tables
    .map(
      (table) =>
        `<details class="table" id="table-${table.id}">\n<summary>${htmlEscape(table.title)}</summary>\n<div class="table-wrap">${tableHtml(table)}</div>\n<p class="downloads"><a href="tables/${table.id}.tex">LaTeX</a><a href="tables/${table.id}.md">Markdown</a></p>\n</details>`,
    )
    .join('\n');
}

function headerHtml(heading: ReportHeading, nav: string): string {
  const question = heading.question ? `<p class="question">${htmlEscape(heading.question)}</p>\n` : '';
  const headline = heading.headline.length
    ? `<ul class="headline">${heading.headline.map((line) => `<li>${htmlEscape(line)}</li>`).join('')}</ul>\n`
    : '';
  return `<header>
<h1>${htmlEscape(heading.title)}</h1>
${question}<p class="meta">${htmlEscape(heading.meta)}</p>
${headline}<nav>${nav}</nav>
</header>`;
}

function scenarioHtml(scenario: unknown): string {
  return scenario
    ? `<h2 id="scenario">Scenario</h2>\n<details class="folded">\n<summary>As resolved (defaults filled in) and recorded in manifest.json</summary>\n<pre>${htmlEscape(toYaml(scenario))}</pre>\n</details>`
    : '';
}

/**
 * The script that draws every figure with vega-embed and marks the page
 * once all are drawn (data-charts-rendered, data-charts-failed), so a
 * headless browser can tell when it is done; a figure that fails says so
 * in its place.
 */
function embedScript(figures: readonly HtmlFigure[]): string {
  const specs = Object.fromEntries(figures.map((figure) => [figure.id, figure.spec]));
  return `<script>
(function () {
  var specs = ${scriptJson(specs)};
  var ids = Object.keys(specs);
  var done = 0, failed = 0;
  function settle() {
    if (done + failed === ids.length) {
      document.body.setAttribute('data-charts-rendered', String(done));
      document.body.setAttribute('data-charts-failed', String(failed));
    }
  }
  ids.forEach(function (id) {
    vegaEmbed('#chart-' + id, specs[id], { renderer: 'svg', actions: { export: true, source: false, compiled: false, editor: false } })
      .then(function () { done++; settle(); })
      .catch(function (error) {
        failed++;
        console.error('figure ' + id + ': ' + error);
        document.getElementById('chart-' + id).innerHTML = '<p class="error">This figure could not be drawn: ' + String(error).replace(/</g, '&lt;') + '</p>';
        settle();
      });
  });
  settle();
})();
</script>`;
}

export function htmlReport(
  folder: ResultsFolder,
  tables: readonly Table[],
  figures: readonly HtmlFigure[],
  skipped: readonly SkippedFigure[],
): string {
  const heading = reportHeading(folder);
  const scenario = folder.manifest?.resolvedScenario;
  const provenance = reportProvenance(folder);
  // The published values beside the simulated ones, open under the figures: the first thing a reviewer asks of a baseline.
  const reproduction = reproductionHtml(folder);
  const nav = [
    '<a href="#figures">Figures</a>',
    reproduction ? '<a href="#reproduction">Reproduction</a>' : '',
    tables.length ? '<a href="#tables">Tables</a>' : '',
    scenario ? '<a href="#scenario">Scenario</a>' : '',
    provenance.length ? '<a href="#provenance">Provenance</a>' : '',
  ].join('');
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${htmlEscape(heading.title)} · poq-sim report</title>
<style>${STYLE}</style>
${libraryScripts()}
</head>
<body>
${headerHtml(heading, nav)}
<main>
<section id="figures">
${figures.map(figureHtml).join('\n') || '<p>No figure applies to this folder.</p>'}
${skippedHtml(skipped)}
</section>
${reproduction ? `<section class="reproduction">\n${reproduction}\n</section>` : ''}
${tables.length ? `<h2 id="tables">Tables</h2>\n${tablesHtml(tables)}` : ''}
${scenarioHtml(scenario)}
${provenanceHtml(provenance, folder.manifest !== null)}
</main>
${embedScript(figures)}
</body>
</html>
`;
}
