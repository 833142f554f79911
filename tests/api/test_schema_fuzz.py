"""Schemathesis against the service's own OpenAPI schema: generated requests for every operation (query
strings, JSON reports and drafts, multipart uploads of arbitrary bytes) must never get a 500. Bounded:
25 generated requests per operation, so the run takes seconds."""

from __future__ import annotations

from pathlib import Path

import pytest
import schemathesis
from hypothesis import HealthCheck, Phase, settings
from schemathesis.checks import not_a_server_error

from vbassist.api import create_app

from .conftest import make_settings

pytestmark = pytest.mark.slow


def _app():  # type: ignore[no-untyped-def]
    import atexit
    import shutil
    import tempfile

    root = Path(tempfile.mkdtemp(prefix="vbassist-api-fuzz-"))
    atexit.register(shutil.rmtree, root, ignore_errors=True)
    # threads instead of a process pool: the schema is loaded at import, before any fixture runs
    return create_app(make_settings(root, request_timeout_s=30.0), warm=False)


schema = schemathesis.openapi.from_asgi("/openapi.json", _app())


@schema.parametrize()
@settings(
    # generated cases only: schemathesis's coverage phase enumerates thousands of boundary cases for the
    # Report schema (minutes); 25 generated requests per operation keep the run to seconds
    phases=[Phase.generate],
    max_examples=25,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much, HealthCheck.data_too_large],
    derandomize=True,
)
def test_no_request_gets_a_500(case) -> None:  # type: ignore[no-untyped-def]
    response = case.call()
    case.validate_response(response, checks=[not_a_server_error])
    content_type = (response.headers.get("content-type") or [""])[0]
    if response.status_code >= 400 and content_type.startswith("application/json"):
        body = response.json()
        assert set(body) >= {"code", "message"}, body
