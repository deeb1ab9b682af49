"""Open rendered reports in a real browser (Debian's headless Chromium via Playwright)."""

from __future__ import annotations

from pathlib import Path

import pytest
from rendered import rendered_set
from reportcheck import CHROMIUM, CHROMIUM_FLAGS, REPO

pytestmark = pytest.mark.integration

ARTIFACTS = REPO / "test-artifacts"


@pytest.fixture(scope="module")
def rendered(tmp_path_factory):
    return rendered_set(tmp_path_factory, "2022-05-13")


@pytest.mark.skipif(CHROMIUM is None, reason="chromium is not installed (make test installs it)")
@pytest.mark.parametrize(
    "page_path",
    [
        "south-ossetia/2022-05-13/briefing.html",
        "comparison/2022-05-13/comparison.html",
        "index.html",
    ],
)
def test_report_loads_in_chromium_with_every_image_and_no_console_error(rendered, page_path):
    from playwright.sync_api import sync_playwright

    errors: list[str] = []
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_FLAGS)
        page = browser.new_page(viewport={"width": 1100, "height": 1400})
        page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
        page.on("pageerror", lambda e: errors.append(str(e)))
        page.on("requestfailed", lambda r: errors.append(f"request failed: {r.url}"))
        page.goto((rendered / page_path).as_uri(), wait_until="load")
        images = page.evaluate(
            "Array.from(document.images).map(i => [i.complete && i.naturalWidth > 0, i.alt])"
        )
        ARTIFACTS.mkdir(exist_ok=True)
        shot = ARTIFACTS / (Path(page_path).parts[0].replace(".html", "") + ".png")
        page.screenshot(path=str(shot), full_page=False)
        browser.close()
    assert errors == []
    assert all(loaded for loaded, _ in images), images
    assert all(alt for _, alt in images)
    if page_path.endswith("briefing.html"):
        assert len(images) >= 6
    assert shot.stat().st_size > 10_000


def _smallest_text_units(svg: str) -> tuple[float, float]:
    """The smallest font size in a chart's SVG and the width of its view box, in its own units."""
    import re

    sizes = [float(size) for size in re.findall(r"font-size[:=]\s*\"?([\d.]+)", svg)]
    view_box = re.search(r'viewBox="[\d.]+ [\d.]+ ([\d.]+) [\d.]+"', svg)
    assert sizes and view_box, "a chart without text or without a view box"
    return min(sizes), float(view_box.group(1))


@pytest.mark.skipif(CHROMIUM is None, reason="chromium is not installed (make test installs it)")
@pytest.mark.parametrize(
    "page_path",
    [
        "south-ossetia/2022-05-13/briefing.html",
        "comparison/2022-05-13/comparison.html",
        "index.html",
    ],
)
def test_a_phone_375_px_wide_never_scrolls_sideways_and_chart_text_stays_9_px(rendered, page_path):
    import base64

    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_FLAGS)
        page = browser.new_page(viewport={"width": 375, "height": 800})
        page.goto((rendered / page_path).as_uri(), wait_until="load")
        widths = page.evaluate(
            "[document.documentElement.scrollWidth, document.documentElement.clientWidth]"
        )
        charts = page.evaluate(
            "Array.from(document.querySelectorAll('figure img')).map(i => [i.src, i.clientWidth])"
        )
        browser.close()
    assert widths[0] <= widths[1] == 375, f"{page_path} scrolls sideways: {widths}"
    for source, shown_width in charts:
        assert source.startswith("data:image/svg+xml;base64,"), "charts in HTML are SVG"
        smallest, view_width = _smallest_text_units(
            base64.b64decode(source.split(",", 1)[1]).decode()
        )
        shown = smallest * shown_width / view_width  # view units to CSS px as drawn
        assert shown >= 9, f"{page_path}: chart text shown at {shown:.1f} px on a phone"
