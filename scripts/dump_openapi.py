"""Write the service's OpenAPI schema (what GET /openapi.json answers) to addin/openapi.json, the file the
add-in's TypeScript types are generated from at build time (addin/build.mjs). Run it after changing a
request or response model; tests/addin/test_api_contract.py fails while the file and the service differ.

    .venv/bin/python scripts/dump_openapi.py
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

TARGET = Path(__file__).resolve().parents[1] / "addin" / "openapi.json"


def service_schema() -> dict[str, object]:
    from vbassist.api.app import create_app
    from vbassist.settings import Settings

    return create_app(Settings(), warm=False).openapi()


def schema_text(schema: dict[str, object]) -> str:
    return json.dumps(schema, ensure_ascii=False, indent=2) + "\n"


def main() -> int:
    from vbassist.outputs import write_atomic

    write_atomic(TARGET, schema_text(service_schema()))
    print(f"skrev {TARGET}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
