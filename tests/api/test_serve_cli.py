"""`vbassist serve`: what it refuses (an open address without tokens, several processes on an embedded
store, HTTPS without a certificate), and HTTPS for real with a certificate made for the test."""

from __future__ import annotations

import datetime
import ipaddress
import os
import ssl
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
from typer.testing import CliRunner

from vbassist.cli import app
from vbassist.commands.serve import display_url, is_loopback
from vbassist.settings import get_settings

from .conftest import free_port, serve_process


@pytest.fixture
def env(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> Iterator[None]:
    for name in (
        "VBASSIST_API_TOKENS",
        "VBASSIST_ADMIN_TOKENS",
        "VBASSIST_CHROMA_URL",
        "VBASSIST_CHROMA_HOST",
    ):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("VBASSIST_DATA_DIR", str(tmp_path / "data"))
    monkeypatch.setenv("VBASSIST_ALLOW_INSECURE_BIND", "false")
    get_settings.cache_clear()
    yield
    get_settings.cache_clear()


@pytest.mark.parametrize(
    ("host", "loopback"),
    [
        ("127.0.0.1", True),
        ("127.8.9.1", True),
        ("::1", True),
        ("localhost", True),
        ("[::1]", True),
        ("0.0.0.0", False),
        ("::", False),
        ("10.1.2.3", False),
        ("vbassist.example.se", False),
    ],
)
def test_loopback_addresses(host: str, loopback: bool) -> None:
    assert is_loopback(host) is loopback


def test_checks_in_threads_are_refused(env: None, monkeypatch: pytest.MonkeyPatch) -> None:
    """VBASSIST_WORKERS=0 (threads of the service: for tests) cannot stop a check that runs too long."""
    from vbassist.api.app import create_app
    from vbassist.errors import ConfigurationError

    monkeypatch.setenv("VBASSIST_WORKERS", "0")
    get_settings.cache_clear()  # the env fixture clears it again afterwards
    result = CliRunner().invoke(app, ["serve", "--no-index"])
    assert result.exit_code == 2
    assert "VBASSIST_WORKERS=0" in result.output and "Traceback" not in result.output
    with pytest.raises(ConfigurationError, match="VBASSIST_WORKERS"):  # uvicorn --factory
        create_app()


def test_open_address_without_tokens_is_refused(env: None) -> None:
    result = CliRunner().invoke(app, ["serve", "--host", "0.0.0.0", "--no-index"])
    assert result.exit_code == 2
    assert "VBASSIST_API_TOKENS" in result.output and "--allow-insecure" in result.output


def test_several_processes_need_a_chroma_server(env: None) -> None:
    result = CliRunner().invoke(app, ["serve", "--workers", "2", "--no-index"])
    assert result.exit_code == 2 and "VBASSIST_CHROMA_URL" in result.output


def test_https_needs_a_certificate(env: None, tmp_path: Path) -> None:
    result = CliRunner().invoke(
        app,
        [
            "serve",
            "--https",
            "--cert",
            str(tmp_path / "saknas.pem"),
            "--key",
            str(tmp_path / "k.pem"),
            "--no-index",
        ],
    )
    assert result.exit_code == 2 and "saknas.pem" in result.output
    result = CliRunner().invoke(app, ["serve", "--cert", str(tmp_path / "c.pem"), "--no-index"])
    assert result.exit_code == 2 and "--https" in result.output


def test_display_url() -> None:
    assert display_url("0.0.0.0", 8443, True, None) == "https://localhost:8443"
    assert display_url("::1", 8000, False, None) == "http://[::1]:8000"
    assert (
        display_url("0.0.0.0", 8000, False, "https://vbassist.example.se/") == "https://vbassist.example.se"
    )


def _certificate(folder: Path) -> tuple[Path, Path]:
    """A self-signed certificate for 127.0.0.1 (what mkcert makes, without the trust store)."""
    from cryptography import x509
    from cryptography.hazmat.primitives import hashes, serialization
    from cryptography.hazmat.primitives.asymmetric import ec
    from cryptography.x509.oid import NameOID

    key = ec.generate_private_key(ec.SECP256R1())
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "127.0.0.1")])
    now = datetime.datetime.now(datetime.UTC)
    cert = (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(name)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - datetime.timedelta(minutes=5))
        .not_valid_after(now + datetime.timedelta(days=1))
        .add_extension(
            x509.SubjectAlternativeName([x509.IPAddress(ipaddress.ip_address("127.0.0.1"))]), critical=False
        )
        .add_extension(x509.BasicConstraints(ca=True, path_length=None), critical=True)
        .sign(key, hashes.SHA256())
    )
    cert_path, key_path = folder / "cert.pem", folder / "key.pem"
    cert_path.write_bytes(cert.public_bytes(serialization.Encoding.PEM))
    key_path.write_bytes(
        key.private_bytes(
            serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
        )
    )
    return cert_path, key_path


@pytest.mark.slow
def test_https_with_a_local_certificate(tmp_path: Path) -> None:
    cert, key = _certificate(tmp_path)
    port = free_port()
    env = {**os.environ, "VBASSIST_DATA_DIR": str(tmp_path / "data"), "VBASSIST_WORKERS": "1"}
    log = tmp_path / "serve.log"
    url = f"https://127.0.0.1:{port}"
    trust = ssl.create_default_context(cafile=str(cert))
    args = ["--port", str(port), "--https", "--cert", str(cert), "--key", str(key), "--no-index"]
    with serve_process(args, env, log, f"{url}/v1/health", verify=trust):
        response = httpx.get(f"{url}/v1/health", verify=trust, timeout=2)
        assert response.status_code == 200 and response.json()["status"] == "ok"
        manifest = httpx.get(f"{url}/addin/manifest.xml", verify=trust).text
        assert f'DefaultValue="{url}/addin/taskpane.html"' in manifest
        assert f"{url}/addin/manifest.xml" in log.read_text(encoding="utf-8")
        with pytest.raises(httpx.TransportError):  # plain http on the https port is not served
            httpx.get(f"http://127.0.0.1:{port}/v1/health", timeout=5).raise_for_status()
