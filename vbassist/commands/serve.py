"""`vbassist serve`: build the index if it is empty, then start the HTTP service (API and Word add-in).
Refuses to listen beyond this machine without tokens. Heavy imports stay inside the command."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer

from vbassist.hosts import is_loopback

if TYPE_CHECKING:
    from vbassist.settings import Settings

EXIT_USAGE = 2
DEV_CERTS = Path.home() / ".office-addin-dev-certs"


def _err(message: str) -> None:
    sys.stderr.write(message.rstrip("\n") + "\n")


def display_url(host: str, port: int, https: bool, public_url: str | None) -> str:
    if public_url:
        return public_url.rstrip("/")
    shown = "localhost" if host in ("0.0.0.0", "::", "") else host
    if ":" in shown and not shown.startswith("["):
        shown = f"[{shown}]"
    return f"{'https' if https else 'http'}://{shown}:{port}"


def serve(
    host: Annotated[str, typer.Option("--host", help="Adress att lyssna på.")] = "127.0.0.1",
    port: Annotated[int, typer.Option("--port", "-p", min=1, max=65535, help="Port.")] = 8000,
    https: Annotated[bool, typer.Option("--https", help="HTTPS (krävs av Word för tillägget).")] = False,
    cert: Annotated[
        Path | None,
        typer.Option(
            "--cert", help="Certifikat (PEM). Standard med --https: ~/.office-addin-dev-certs/localhost.crt"
        ),
    ] = None,
    key: Annotated[
        Path | None,
        typer.Option(
            "--key", help="Privat nyckel (PEM). Standard med --https: ~/.office-addin-dev-certs/localhost.key"
        ),
    ] = None,
    workers: Annotated[
        int,
        typer.Option(
            "--workers",
            "-w",
            min=1,
            max=64,
            help="Antal serverprocesser. Fler än en kräver en Chroma-server (VBASSIST_CHROMA_URL).",
        ),
    ] = 1,
    allow_insecure: Annotated[
        bool,
        typer.Option("--allow-insecure", help="Tillåt en adress utanför datorn utan token (avråds)."),
    ] = False,
    build_index: Annotated[
        bool, typer.Option("--index/--no-index", help="Bygg sökindexet från korpusen om det är tomt.")
    ] = True,
) -> None:
    """Starta tjänsten: API:t (/v1/...), dess dokumentation (/docs) och Word-tillägget (/addin/...)."""
    from vbassist.settings import get_settings

    settings = get_settings()
    has_tokens = bool(settings.token_set() or settings.admin_token_set())
    if not is_loopback(host) and not has_tokens and not (allow_insecure or settings.allow_insecure_bind):
        _err(
            f"fel: {host} nås från andra datorer, men inga token är satta. Sätt VBASSIST_API_TOKENS "
            "(och VBASSIST_ADMIN_TOKENS), eller starta med --allow-insecure om nätet verkligen är skyddat."
        )
        raise typer.Exit(EXIT_USAGE)
    from vbassist.api.app import check_deployable
    from vbassist.errors import ConfigurationError

    try:
        check_deployable(settings)
    except ConfigurationError as exc:
        _err(f"fel: {exc.message}")
        raise typer.Exit(EXIT_USAGE) from None
    if workers > 1 and not (settings.chroma_url or settings.chroma_host):
        _err(
            "fel: --workers > 1 kräver en Chroma-server: den inbäddade sökindexdatabasen kan bara öppnas av "
            "en process. Starta `chroma run --path <mapp>` och sätt VBASSIST_CHROMA_URL (se docs/service.md)."
        )
        raise typer.Exit(EXIT_USAGE)
    if https:
        cert = cert or (DEV_CERTS / "localhost.crt")
        key = key or (DEV_CERTS / "localhost.key")
        missing = [str(p) for p in (cert, key) if not p.is_file()]
        if missing:
            _err(
                f"fel: --https: hittar inte {', '.join(missing)} (ange --cert och --key, se docs/service.md)"
            )
            raise typer.Exit(EXIT_USAGE)
    elif cert or key:
        _err("fel: --cert och --key används tillsammans med --https")
        raise typer.Exit(EXIT_USAGE)

    if build_index and workers > 1:
        # several processes: build it here, once, before they start (they share the Chroma server)
        _ensure_index(settings)

    import uvicorn

    url = display_url(host, port, https, settings.public_url)
    typer.echo(
        f"vbassist {'(' + str(workers) + ' processer) ' if workers > 1 else ''}lyssnar på {url}", err=True
    )
    typer.echo(f"  API-dokumentation:         {url}/docs", err=True)
    typer.echo(f"  Word-tilläggets manifest:  {url}/addin/manifest.xml", err=True)
    if not has_tokens:
        typer.echo("  Inga token satta: alla som når adressen kan använda tjänsten.", err=True)

    from vbassist.api.http_server import uvicorn_options

    common: dict[str, Any] = {
        "host": host,
        "port": port,
        "ssl_certfile": str(cert) if https and cert else None,
        "ssl_keyfile": str(key) if https and key else None,
        **uvicorn_options(settings),  # header and keep-alive timeouts, no access log
    }
    if workers == 1:
        from vbassist.api.app import create_app

        # the index is opened and, on the first start, built from the corpus by the service itself, in
        # the background (its manifest belongs to the thread that opens it); /v1/health shows progress
        if build_index:
            typer.echo("  Sökindexet öppnas (och byggs från korpusen om det är tomt) i bakgrunden.", err=True)
        uvicorn.run(create_app(settings, build_index=build_index), **common)
    else:
        # every process builds its own app from the environment (the same settings)
        uvicorn.run("vbassist.api.app:create_app", factory=True, workers=workers, **common)


def _ensure_index(settings: Settings) -> None:
    """The first start builds the index from the corpus (minutes, with progress); later starts cost one
    count. A failure is reported and the service starts anyway (checking needs no index)."""
    try:
        from vbassist.index import get_index
        from vbassist.numbers import format_sv, with_unit
        from vbassist.sv import count

        index = get_index(settings)
        if index.count() > 0 or not Path(settings.corpus_dir).is_dir():
            return
        typer.echo(f"Bygger sökindexet från {settings.corpus_dir} (första starten) ...", err=True)

        def show(p: Any) -> None:
            typer.echo(
                f"  {p.files_done}/{count(p.files_total, 'fil', 'filer')}, "
                f"{p.chunks_done}/{count(p.chunks_total, 'avsnitt', 'avsnitt')}",
                err=True,
            )

        result = index.ensure_indexed(progress=None if not sys.stderr.isatty() else show)
        if result is not None:
            typer.echo(
                f"Sökindexet klart: {count(len(result.indexed), 'fil', 'filer')}, "
                f"{count(index.count(), 'avsnitt', 'avsnitt')} ({with_unit(format_sv(result.seconds, 0), 's')}).",
                err=True,
            )
    except Exception as exc:
        message = getattr(exc, "message", None) or type(exc).__name__
        _err(f"obs: sökindexet kunde inte byggas ({message}); tjänsten startar ändå, sökning svarar 503.")


def register(app: typer.Typer) -> None:
    app.command("serve")(serve)
