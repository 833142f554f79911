"""The HTML overview in headless Chromium: it loads from a file without fetching anything, holds the
tables and the charts, sorts by a click on a header and filters by typed words, hides its controls
when printed; a screenshot lands in test-output/overview/ for a look by eye."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from vbassist.overview import Overview, render_overview
from vbassist.overview.chart import segments
from vbassist.overview.tables import overview_tables

from .cdp import Page, chromium_page
from .conftest import OUTPUT

pytestmark = pytest.mark.slow


def _rows(page: Page, table: str, column: int) -> list[str]:
    return list(
        page.evaluate(
            f"Array.from(document.querySelectorAll('#{table} tbody tr')).filter(r => !r.hidden)"
            f".map(r => r.cells[{column}].textContent.trim())"
        )
    )


def _click_header(page: Page, table: str, name: str) -> None:
    page.evaluate(
        f"Array.from(document.querySelectorAll('#{table} thead th')).find(th => th.textContent === {json.dumps(name)})"
        ".querySelector('button.sort').click()"
    )


def test_overview_page_in_chromium(samples_overview: Overview, tmp_path: Path) -> None:
    html = tmp_path / "oversikt.html"
    html.write_bytes(render_overview(samples_overview, ".html"))
    with chromium_page(tmp_path) as page:
        page.open(html.as_uri())
        # offline: the page itself is the only request
        assert {u.split(":")[0] for u in page.requested_urls()} == {"file"}
        assert page.evaluate("document.querySelectorAll('[src], link[href]').length") == 0

        tables = {t.name: t for t in overview_tables(samples_overview)}
        ids = page.evaluate("Array.from(document.querySelectorAll('table.sortable')).map(t => t.id)")
        assert len(ids) == len(tables) == 4
        goals, namndmal = ids[0], ids[1]
        assert len(_rows(page, goals, 0)) == len(samples_overview.goals)
        assert len(_rows(page, namndmal, 0)) == len(samples_overview.namndmal)
        # a chart per district and report round, one bar segment per status present
        assert page.evaluate("document.querySelectorAll('svg.chart').length") == len(
            samples_overview.sections()
        )
        expected_segments = sum(len(segments(g.counts)) for g in samples_overview.namndmal)
        assert (
            page.evaluate("document.querySelectorAll('svg.chart rect[data-status]').length")
            == expected_segments
        )

        page.screenshot(OUTPUT / "oversikt.png", 1400, 2200)

        # sorting (the check report's script): by unit, both ways, and by a number column
        _click_header(page, goals, "Enhet")
        units = _rows(page, goals, 1)
        assert units == sorted(units, key=str.casefold) and units[0].startswith("Biståndsbedömning")
        _click_header(page, goals, "Enhet")
        assert _rows(page, goals, 1)[0] == "Vuxenenheten"
        _click_header(page, goals, "Fel")
        _click_header(page, goals, "Fel")
        errors = [int(v) for v in _rows(page, goals, 9)]
        assert (
            errors == sorted(errors, reverse=True)
            and errors[0] == max(r.errors for r in samples_overview.goals) > 0
        )

        # filtering: every typed word must occur in the row
        page.evaluate(
            f"const i = document.querySelector('input[data-table=\"{goals}\"]'); i.value = 'Kungsholmen delvis';"
            "i.dispatchEvent(new Event('input'))"
        )
        expected = sum(
            1
            for row in tables["Måluppfyllelse"].rows
            if all(
                w in " ".join("" if v is None else str(v) for v in row).lower()
                for w in ("kungsholmen", "delvis")
            )
        )
        shown = _rows(page, goals, 0)
        assert 0 < len(shown) == expected < len(samples_overview.goals) and set(shown) == {"Kungsholmen"}
        counter = page.evaluate(f"document.querySelector('[data-shown=\"{goals}\"]').textContent")
        assert counter == f"visar {expected} av {len(samples_overview.goals)} rader"
        page.evaluate(
            f"document.getElementById('{goals}').closest('.scroll').previousElementSibling.scrollIntoView()"
        )
        page.screenshot(OUTPUT / "oversikt-filtrerad.png", 1400, 1000)

        # printed: no controls, the charts kept
        page.call("Emulation.setEmulatedMedia", media="print")
        assert page.evaluate("getComputedStyle(document.querySelector('.tools')).display") == "none"
        assert page.evaluate("getComputedStyle(document.querySelector('svg.chart')).display") != "none"
        # and no table cut off at the page's edge (on screen it scrolls sideways)
        assert page.evaluate("getComputedStyle(document.querySelector('.scroll')).overflowX") == "visible"
    assert (OUTPUT / "oversikt.png").stat().st_size > 50_000
