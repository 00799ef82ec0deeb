"""The sample HTML report and a store trend in a real browser (Debian chromium, headless, via
playwright).

Fails (does not skip) when chromium is missing and CI=true: `make test` installs it.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

import profiler
from profiler.report import fmt, write_all
from tests.conftest import ROOT
from tests.report.sample import sample_run

CHROMIUM = Path(os.environ.get("PROFILER_CHROMIUM", "/usr/bin/chromium"))
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
        "--disable-component-update", "--disable-sync", "--no-first-run"]
ARTIFACTS = ROOT / "test-artifacts"

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def browser():
    if not CHROMIUM.exists():
        message = f"Debian chromium not found at {CHROMIUM} (run `make browser`)"
        if os.environ.get("CI", "").lower() == "true":
            pytest.fail(message)
        pytest.skip(message)
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        b = pw.chromium.launch(executable_path=str(CHROMIUM), args=ARGS)
        yield b
        b.close()


@pytest.fixture(scope="module")
def report(tmp_path_factory: pytest.TempPathFactory):
    tmp = tmp_path_factory.mktemp("browser")
    analysis = profiler.analyze(profiler.load(sample_run(tmp)))
    html, = write_all(analysis, tmp / "sample", formats=("html",))
    return analysis, html


def _open(browser, html: Path):
    """A page showing ``html`` once its charts are drawn, and the problems it logs."""
    page = browser.new_page(viewport={"width": 1280, "height": 1000})
    problems: list[str] = []
    page.on("console", lambda m: problems.append(f"console.{m.type}: {m.text}") if m.type == "error" else None)
    page.on("pageerror", lambda e: problems.append(f"pageerror: {e}"))
    page.on("requestfailed", lambda r: problems.append(f"request failed: {r.url}"))
    page.goto(html.as_uri())
    page.wait_for_function("document.querySelectorAll('.chart .main-svg').length > 0")
    page.wait_for_timeout(500)
    return page, problems


def test_sample_report_renders(browser, report) -> None:
    analysis, html = report
    page, problems = _open(browser, html)

    charts = page.eval_on_selector_all(
        ".chart", "els => els.map(e => [e.id, e.querySelectorAll('.main-svg').length])")
    assert len(charts) >= 7  # loads, steps, stages, memory, cpu and one timeline per recording
    assert [c for c in charts if c[1] < 1] == [], charts
    assert len(charts) == 5 + len(analysis.summary.recordings)

    h = analysis.summary.headline
    expected = {
        "uncached_load": fmt.seconds(h.uncached_load_s),
        "cached_load": fmt.seconds(h.cached_load_s),
        "step_median": fmt.seconds(h.step_median_s),
        "peak_footprint": fmt.nbytes(h.peak_footprint_bytes),
        "system_memory": fmt.nbytes(h.system_used_peak_bytes),
        "app_cpu_peak": fmt.percent(h.app_cpu_peak_percent),
        "system_cpu_peak": fmt.percent(h.system_cpu_peak_percent),
        "ane_busy": fmt.fraction(h.ane_busy_fraction),
    }
    for key, text in expected.items():
        card = page.locator(f'[data-card="{key}"]')
        assert card.locator(".value").inner_text().strip() == text, key
        assert text != fmt.MISSING, key  # the sample has every headline figure
    assert fmt.rate(h.steps_per_s) in page.locator('[data-card="step_median"]').inner_text()
    # no headline figure is split across lines or cut, down to a phone's width
    size = page.viewport_size
    for width in (1200, 900, 600, 400):
        page.set_viewport_size({"width": width, "height": 1000})
        broken = page.evaluate("""[...document.querySelectorAll('.card .value')]
            .filter(e => e.scrollWidth > e.clientWidth + 1
                         || e.getBoundingClientRect().height > 1.6 * parseFloat(getComputedStyle(e).fontSize))
            .map(e => e.textContent)""")
        assert broken == [], (width, broken)
    page.set_viewport_size(size)

    # "jump to peak" zooms the memory chart around the peak
    before = page.evaluate("document.getElementById('chart-memory').layout.xaxis.range.slice()")
    page.locator("button.jump").click()
    page.wait_for_timeout(300)
    after = page.evaluate("document.getElementById('chart-memory').layout.xaxis.range.slice()")
    peak_at = max((r.memory for r in analysis.summary.recordings if r.memory),
                  key=lambda m: m.peak_footprint_bytes).peak_footprint_at_s
    assert after[1] - after[0] < before[1] - before[0]
    assert after[0] <= peak_at <= after[1]

    ARTIFACTS.mkdir(exist_ok=True)
    page.evaluate("window.scrollTo(0, 0)")
    page.screenshot(path=str(ARTIFACTS / "sample-report.png"), full_page=True)
    assert problems == []
    page.close()


#: per chart: the toolbar's box, each legend's box, the chart's box and the legend's scrollbar
#: height (0 when the whole legend shows)
_BOXES = """() => [...document.querySelectorAll('.chart')].map(c => {
  const box = e => { const b = e.getBoundingClientRect(); return [b.left, b.top, b.right, b.bottom]; };
  const bar = c.querySelector('.legend .scrollbar');
  return {id: c.id, modebar: box(c.querySelector('.modebar')), chart: box(c),
          legends: [...c.querySelectorAll('g.infolayer > g[class^="legend"]')].map(box),
          scrollbar: bar ? bar.getBoundingClientRect().height : 0};
})"""


def _overlap(a: list[float], b: list[float]) -> bool:
    return a[0] < b[2] and b[0] < a[2] and a[1] < b[3] and b[1] < a[3]


def test_no_legend_is_covered_and_every_lane_has_an_entry(browser, report) -> None:
    analysis, html = report
    page, problems = _open(browser, html)
    for chart_id in page.eval_on_selector_all(".chart", "els => els.map(e => e.id)"):
        page.locator(f"#{chart_id}").hover()  # the toolbar shows on hover
    boxes = page.evaluate(_BOXES)
    assert len(boxes) == 5 + len(analysis.summary.recordings)
    for chart in boxes:
        assert chart["legends"], chart["id"]  # every chart of the sample has a legend
        for i, legend in enumerate(chart["legends"]):
            assert not _overlap(chart["modebar"], legend), (chart["id"], "toolbar over legend")
            for other in chart["legends"][i + 1:]:
                assert not _overlap(legend, other), (chart["id"], "legends overlap")
            left, top, right, bottom = legend
            c_left, c_top, c_right, c_bottom = chart["chart"]
            assert c_left <= left and right <= c_right and c_top <= top and bottom <= c_bottom, (
                chart["id"], "legend cut off")
        assert chart["scrollbar"] == 0, (chart["id"], "legend does not fit")
    for index in range(1, len(analysis.summary.recordings) + 1):
        lanes, grouped, texts, entries = page.evaluate(f"""() => {{
          const gd = document.getElementById('chart-timeline-{index}');
          return [gd.layout.yaxis.ticktext,
                  gd._fullData.filter(t => t.showlegend).map(t => t.legendgroup),
                  [...gd.querySelectorAll('.legend text')].map(t => t.textContent),
                  gd.querySelectorAll('.legend .traces').length];
        }}""")
        assert lanes and set(lanes) <= set(grouped), (lanes, grouped)
        assert all(lane in texts for lane in lanes), (lanes, texts)  # drawn, not only data
        assert entries >= len(grouped)  # entries plus the lanes' group titles
    assert problems == []
    page.close()


@pytest.fixture(scope="module")
def trend_page(tmp_path_factory: pytest.TempPathFactory):
    """A store trend of a SYNTHETIC fleet whose last iPhone 14 Pro run is 25 % slower."""
    from profiler.analysis.store.add import add_path
    from profiler.analysis.store.trend import trend
    from profiler.report import outputs
    from tests.analysis.store.fleet import IPHONE_13_PRO_MAX, IPHONE_14_PRO, write_fleet

    tmp = tmp_path_factory.mktemp("trend-browser")
    for run in write_fleet(tmp / "runs", days=4, slow_last=True,
                           devices=((IPHONE_13_PRO_MAX, 0.75), (IPHONE_14_PRO, 0.62))):
        add_path(tmp / "store", run.path, commit=f"{run.commit}<b>x</b>", branch="main")
    doc = trend(tmp / "store", window=3)
    out = tmp / "trend.html"
    outputs.write("trend", [outputs.Output("html", str(out))], doc, force=False)
    return doc, out


def test_trend_report_renders(browser, trend_page) -> None:
    doc, html = trend_page
    page, problems = _open(browser, html)
    charts = page.eval_on_selector_all(
        ".chart", "els => els.map(e => [e.id, e.querySelectorAll('.main-svg').length])")
    assert sorted(c[0] for c in charts) == sorted(f"trend-{f.metric}" for f in doc.figures)
    assert [c for c in charts if c[1] < 1] == []
    # the median-step chart: one line per device, and one tested regression marker
    names = page.evaluate("document.getElementById('trend-step_median_s').data.map(t => t.name)")
    assert sum(1 for n in names if n.endswith("· regression")) == 1
    marked = page.evaluate("document.getElementById('trend-step_median_s').data"
                           ".filter(t => t.name.endsWith('· regression'))[0].x.length")
    assert marked == 1
    row = page.locator('section[data-metric="step_median_s"] tr.change')
    assert row.count() == 1 and "regression" in row.inner_text()
    assert "c4<b>x</b>" in row.inner_text()  # the commit shows as text, not markup
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "trend-report.png"), full_page=True)
    assert problems == []
    page.close()
