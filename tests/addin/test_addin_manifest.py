"""The add-in manifest validated offline: Microsoft's validator is an online service, so this
checks what Office itself insists on: well-formed XML in the add-in namespace, the required
elements in schema order, URLs on the service's placeholder (https once rendered), requirement
sets no newer than WordApi 1.4, every resid defined, every icon present at its declared size."""

from __future__ import annotations

import re
import struct
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

ADDIN = Path(__file__).resolve().parents[2] / "addin"
MANIFEST = ADDIN / "manifest.xml"
PLACEHOLDER = "{{BASE_URL}}"
NS = {
    "o": "http://schemas.microsoft.com/office/appforoffice/1.1",
    "bt": "http://schemas.microsoft.com/office/officeappbasictypes/1.0",
    "ov": "http://schemas.microsoft.com/office/taskpaneappversionoverrides",
    "xsi": "http://www.w3.org/2001/XMLSchema-instance",
}
XSI_TYPE = "{http://www.w3.org/2001/XMLSchema-instance}type"
# OfficeApp's children in the order the schema (TaskPaneApp) requires
ORDER = [
    "Id",
    "Version",
    "ProviderName",
    "DefaultLocale",
    "DisplayName",
    "Description",
    "IconUrl",
    "HighResolutionIconUrl",
    "SupportUrl",
    "AppDomains",
    "Hosts",
    "Requirements",
    "DefaultSettings",
    "Permissions",
    "VersionOverrides",
]


def _render(base: str) -> ET.Element:
    return ET.fromstring(MANIFEST.read_text(encoding="utf-8").replace(PLACEHOLDER, base))


@pytest.fixture(scope="module")
def root() -> ET.Element:
    return _render("https://vbassist.example.se")


def _local(tag: str) -> str:
    return tag.split("}", 1)[1] if "}" in tag else tag


def _png_size(path: Path) -> tuple[int, int]:
    data = path.read_bytes()[:24]
    assert data[:8] == b"\x89PNG\r\n\x1a\n", f"{path.name} is not a PNG"
    return struct.unpack(">II", data[16:24])


def test_well_formed_task_pane_in_schema_order(root: ET.Element) -> None:
    assert root.tag == f"{{{NS['o']}}}OfficeApp"
    assert root.get(XSI_TYPE) == "TaskPaneApp"
    children = [_local(c.tag) for c in root]
    assert children == [name for name in ORDER if name in children], children
    for required in [*ORDER[:8], "Hosts", "DefaultSettings", "Permissions"]:
        assert required in children, f"<{required}> missing"
    assert re.fullmatch(
        r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}",
        root.findtext("o:Id", namespaces=NS) or "",
    )
    assert re.fullmatch(r"\d+\.\d+\.\d+\.\d+", root.findtext("o:Version", namespaces=NS) or "")
    assert root.findtext("o:Permissions", namespaces=NS) == "ReadWriteDocument"
    hosts = [h.get("Name") for h in root.findall("o:Hosts/o:Host", NS)]
    assert hosts == ["Document"], "a Word add-in"
    assert len(root.find("o:DisplayName", NS).get("DefaultValue", "")) <= 125  # type: ignore[union-attr]
    assert len(root.find("o:Description", NS).get("DefaultValue", "")) <= 250  # type: ignore[union-attr]


def test_requirement_sets_are_at_most_wordapi_1_4(root: ET.Element) -> None:
    sets = root.findall("o:Requirements/o:Sets/o:Set", NS)
    assert sets, "a WordApi requirement keeps the add-in off hosts that cannot run it"
    for s in sets:
        assert s.get("Name") == "WordApi"
        assert float(s.get("MinVersion", "1.1")) <= 1.4


def test_every_url_uses_the_placeholder_and_https_when_rendered() -> None:
    text = MANIFEST.read_text(encoding="utf-8")
    urls = re.findall(r'DefaultValue="((?:https?:|\{\{)[^"]*)"', text) + re.findall(
        r"<AppDomain>([^<]*)<", text
    )
    assert len(urls) >= 10
    for url in urls:
        assert url.startswith(PLACEHOLDER), f"{url} does not point at the service"
    rendered = _render("https://vbassist.example.se")
    for el in rendered.iter():
        value = el.get("DefaultValue") or (el.text if _local(el.tag) == "AppDomain" else None)
        if value and "://" in value:
            assert value.startswith("https://vbassist.example.se"), value
    # the template must render to the same structure for the local http URL Office accepts too
    assert _render("http://localhost:8000").find("o:DefaultSettings/o:SourceLocation", NS).get(
        "DefaultValue"
    ) == (  # type: ignore[union-attr]
        "http://localhost:8000/addin/taskpane.html"
    )


def test_ribbon_button_opens_the_task_pane_and_every_resid_is_defined(root: ET.Element) -> None:
    vo = root.find("ov:VersionOverrides", NS)
    assert vo is not None and vo.get(XSI_TYPE) == "VersionOverridesV1_0"
    host = vo.find("ov:Hosts/ov:Host", NS)
    assert host is not None and host.get(XSI_TYPE) == "Document"
    button = host.find(".//ov:Control", NS)
    assert button is not None and button.get(XSI_TYPE) == "Button"
    action = button.find("ov:Action", NS)
    assert action is not None and action.get(XSI_TYPE) == "ShowTaskpane"
    defined = {el.get("id"): _local(el.tag) for el in vo.find("ov:Resources", NS).iter() if el.get("id")}  # type: ignore[union-attr]
    used = [el.get("resid") for el in vo.iter() if el.get("resid")]
    assert used
    for resid in used:
        assert resid in defined, f"resid {resid} is not defined in <Resources>"
    for el in vo.find("ov:Resources", NS).iter():  # type: ignore[union-attr]
        if _local(el.tag) == "String" and el.get("DefaultValue"):
            # ShortStrings are limited to 125 characters, LongStrings to 250
            assert len(el.get("DefaultValue", "")) <= 250
    labels = [el.get("DefaultValue") for el in vo.iter() if el.get("id") == "Button.Label"]
    assert labels == ["vbassist"]


def test_icons_exist_at_their_declared_sizes(root: ET.Element) -> None:
    base = "https://vbassist.example.se/addin/"
    sizes = {"IconUrl": 32, "HighResolutionIconUrl": 64}
    checked = 0
    for name, size in sizes.items():
        url = root.find(f"o:{name}", NS).get("DefaultValue", "")  # type: ignore[union-attr]
        assert url.startswith(base)
        assert _png_size(ADDIN / url[len(base) :]) == (size, size)
        checked += 1
    images = {
        el.get("id"): el.get("DefaultValue", "") for el in root.iter(f"{{{NS['bt']}}}Image") if el.get("id")
    }
    for el in root.iter(f"{{{NS['bt']}}}Image"):
        if el.get("resid"):
            url = images[el.get("resid")]
            size = int(el.get("size", "0"))
            assert url.startswith(base)
            assert _png_size(ADDIN / url[len(base) :]) == (size, size), url
            checked += 1
    assert checked >= 5
    for size in (16, 32, 64, 80, 128):
        assert _png_size(ADDIN / "assets" / f"icon-{size}.png") == (size, size)


def test_task_pane_page_is_what_the_manifest_opens(root: ET.Element) -> None:
    url = root.find("o:DefaultSettings/o:SourceLocation", NS).get("DefaultValue", "")  # type: ignore[union-attr]
    assert url.endswith("/addin/taskpane.html")
    assert (ADDIN / "src" / "taskpane" / "taskpane.html").is_file()
