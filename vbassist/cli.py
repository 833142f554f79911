"""The `vbassist` command line: a thin Typer layer over the same functions the API uses."""

from __future__ import annotations

import typer

from vbassist.commands import check as check_commands
from vbassist.commands import draft as draft_commands
from vbassist.commands import index as index_commands
from vbassist.commands import overview as overview_commands
from vbassist.commands import parse as parse_commands
from vbassist.commands import serve as serve_commands
from vbassist.commands.swedish import use_swedish

app = typer.Typer(
    name="vbassist",
    help=(
        "Stöd för verksamhetsberättelser (VB), tertialrapporter och verksamhetsplaner i Stockholms stad.\n\n"
        "Läs in en rapport (parse), granska utkast (check), sammanställ alla enheters måluppfyllelse "
        "(overview), bygg sökindex över tidigare rapporter (index, "
        "search), skriv utkast till analys (draft) och starta tjänsten för Word-tillägget (serve)."
    ),
    no_args_is_help=True,
    pretty_exceptions_enable=False,
    add_completion=False,
)

parse_commands.register(app)
check_commands.register(app)
overview_commands.register(app)
index_commands.register(app)
draft_commands.register(app)
serve_commands.register(app)
use_swedish(app)  # after registering: Typer's and Click's own texts in Swedish for every command


def main() -> None:
    app()


if __name__ == "__main__":
    main()
