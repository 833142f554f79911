"""The controller's overview: måluppfyllelse across every unit's report, and the district summary it
feeds. `build_overview` runs the same batch as `check` (readers, limits, pool, corpus, bad-file
handling) with a digest hook, so each report's rows are computed in the worker that parsed it;
`render_overview` writes the result as a workbook, an HTML page, a Word draft or JSON.

    from vbassist.overview import build_overview, render_overview
    overview = build_overview(["inkomna/"], settings=settings)
    data = render_overview(overview, ".xlsx")
"""

from __future__ import annotations

from vbassist.overview.build import assemble, build_overview
from vbassist.overview.model import Overview

# the output suffix decides the format: `vbassist overview ... --out FILE`, `POST /v1/overview` `format`
FORMATS: dict[str, str] = {
    ".xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    ".html": "text/html; charset=utf-8",
    ".docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    ".json": "application/json",
}


def render_overview(overview: Overview, suffix: str) -> bytes:
    """The overview in the format of `suffix` (one of `FORMATS`)."""
    suffix = suffix.lower()
    if suffix == ".xlsx":
        from vbassist.overview.xlsx import render_xlsx

        return render_xlsx(overview)
    if suffix == ".html":
        from vbassist.overview.html import render_html

        return render_html(overview).encode("utf-8")
    if suffix == ".docx":
        from vbassist.overview.docx import render_docx

        return render_docx(overview)
    if suffix == ".json":
        return overview.model_dump_json(indent=2).encode("utf-8") + b"\n"
    raise ValueError(f"unknown overview format {suffix!r}")


__all__ = ["FORMATS", "Overview", "assemble", "build_overview", "render_overview"]
