"""Typer's and Click's own words in Swedish: the help panels ("Argument", "Alternativ", "[standard: …]"),
the usage line ("Användning: …"), the help option, the type column ("<heltal>", "<sökväg>") and every
usage error ("Okänt alternativ", "Argumentet FILER saknas", "Ogiltigt värde för --format/-f: …").

`use_swedish(app)` makes the app a `SwedishGroup` and every command a `SwedishCommand`; both translate
an error from its structure (the exception class, its option, parameter and pydantic cause), not by
reading the English text, wherever that is possible. Written against Typer 0.29 (which carries its own
copy of Click; pinned in pyproject.toml); tests/test_cli_language.py fails on English that slips through.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping, Sequence
from contextlib import contextmanager
from typing import IO, TYPE_CHECKING, Any

import typer
from pydantic import ValidationError
from typer import rich_utils
from typer._click import Context, HelpFormatter
from typer._click.exceptions import (
    BadArgumentUsage,
    BadOptionUsage,
    BadParameter,
    ClickException,
    MissingParameter,
    NoArgsIsHelpError,
    NoSuchOption,
    UsageError,
)
from typer._click.globals import get_current_context
from typer._click.utils import echo
from typer.core import TyperArgument, TyperCommand, TyperGroup, TyperOption

from vbassist.validation import one_of, reason

USAGE_PREFIX = "Användning: "
HELP_OPTION_TEXT = "Visa den här hjälpen och avsluta."
OPTIONS_METAVAR = "[ALTERNATIV]"
SUBCOMMAND_METAVAR = "KOMMANDO [ARGUMENT]..."

# typer.rich_utils reads these module texts each time it draws help or an error
_RICH_TEXTS = {
    "DEPRECATED_STRING": "(utgår) ",
    "DEFAULT_STRING": "[standard: {}]",
    "ENVVAR_STRING": "[miljövariabel: {}]",
    "REQUIRED_LONG_STRING": "[krävs]",
    "ARGUMENTS_PANEL_TITLE": "Argument",
    "OPTIONS_PANEL_TITLE": "Alternativ",
    "COMMANDS_PANEL_TITLE": "Kommandon",
    "ERRORS_PANEL_TITLE": "Fel",
    "ABORTED_TEXT": "Avbrutet.",
    "RICH_HELP": "Se [blue]'{command_path} {help_option}'[/] för hjälp.",
}

# the type column of the help ("<int>", "<list[Path]>", "<int range>") in Swedish
_TYPE_WORDS = {
    "int": "heltal",
    "float": "tal",
    "str": "text",
    "Path": "sökväg",
    "path": "sökväg",
    "file": "fil",
    "dir": "mapp",
    "datetime": "datum",
    "bool": "",
}
_LIST_RE = re.compile(r"^list\[(?P<item>.*)\]$")
_RANGE_RE = re.compile(r"^(?P<type>\w+) range$")

# usage errors Click raises as plain text (ctx.fail and friends): pattern -> Swedish template
_MESSAGES: list[tuple[re.Pattern[str], str]] = [
    (
        re.compile(r"^Got unexpected extra argument(?:\(s\)|s)? \((?P<args>.*)\)$", re.S),
        "Oväntat argument: {args}",
    ),
    (re.compile(r"^Missing command\.$"), "Ange ett kommando."),
    (
        re.compile(r"^No such command '(?P<name>.*?)'\.(?: Did you mean (?P<like>.*)\?)?$", re.S),
        "Okänt kommando: {name}.",
    ),
    (re.compile(r"^Option '(?P<opt>.*?)' requires an argument\.$"), "Alternativet {opt} behöver ett värde."),
    (
        re.compile(r"^Option '(?P<opt>.*?)' requires (?P<n>\d+) arguments\.$"),
        "Alternativet {opt} behöver {n} värden.",
    ),
    (re.compile(r"^Option '(?P<opt>.*?)' does not take a value\.$"), "Alternativet {opt} tar inget värde."),
    (re.compile(r"^Argument '(?P<arg>.*?)' takes (?P<n>\d+) values\.$"), "Argumentet {arg} tar {n} värden."),
    (re.compile(r"^(?P<kind>file|dir|path) (?P<name>'.*') does not exist\.$"), "{kind} {name} finns inte."),
    (re.compile(r"^(?P<kind>file|dir|path) (?P<name>'.*') is a file\.$"), "{kind} {name} är en fil."),
    (re.compile(r"^(?P<kind>file|dir|path) (?P<name>'.*') is a directory\.$"), "{kind} {name} är en mapp."),
    (
        re.compile(r"^(?P<kind>file|dir|path) (?P<name>'.*') is not readable\.$"),
        "{kind} {name} går inte att läsa.",
    ),
    (
        re.compile(r"^(?P<kind>file|dir|path) (?P<name>'.*') is not writable\.$"),
        "{kind} {name} går inte att skriva.",
    ),
    (re.compile(r"^Value must be an iterable\.$"), "ska vara en lista"),
]
_PATH_KINDS = {"file": "Filen", "dir": "Mappen", "path": "Sökvägen"}


class SwedishUsageError(UsageError):
    """A usage error whose message is already the whole Swedish text (exit code 2)."""

    def format_message(self) -> str:
        return self.message

    def show(self, file: IO[Any] | None = None) -> None:
        # the plain (non-rich) rendering, for a terminal without rich markup
        if self.ctx is not None:
            hint = f"Se '{self.ctx.command_path} {self.ctx.help_option_names[0]}' för hjälp.\n"
            echo(f"{self.ctx.get_usage()}\n{hint}", file=file, err=True)
        echo(f"Fel: {self.message}", file=file, err=True)


def option_hint(param: Any) -> str:
    """How an error names a parameter: "--format/-f" for an option, "FILER" for an argument."""
    if isinstance(param, TyperOption) and param.opts:
        return "/".join(param.opts)
    return str(getattr(param, "metavar", None) or getattr(param, "name", None) or "värdet")


def _or_list(items: list[str]) -> str:
    """ "a", "a eller b", "a, b eller c"."""
    return items[0] if len(items) == 1 else f"{', '.join(items[:-1])} eller {items[-1]}"


def _translated_text(message: str) -> str:
    for pattern, template in _MESSAGES:
        m = pattern.match(message.strip())
        if m is None:
            continue
        parts = {k: v for k, v in m.groupdict().items() if v is not None}
        if "kind" in parts:
            parts["kind"] = _PATH_KINDS[parts["kind"]]
        text = template.format(**parts)
        if parts.get("like"):
            text += f" Menade du {_or_list(parts['like'].split(', '))}?"
        if "args" in parts and len(parts["args"].split()) > 1:
            text = text.replace("Oväntat argument", "Oväntade argument")
        return text
    return message


def _value_reason(exc: BadParameter) -> str:
    """Why a value was refused: from the pydantic error Typer raised it from, the allowed choices of
    the parameter, or one of Click's own texts."""
    choices = getattr(getattr(exc.param, "type_descriptor", None), "choices", None)
    if choices:
        return one_of([getattr(c, "value", c) for c in choices])
    cause = exc.__cause__
    if isinstance(cause, ValidationError) and cause.errors():
        return reason(cause.errors()[0])
    return _translated_text(exc.message)


def swedish_error(exc: ClickException) -> ClickException:
    """`exc` with a Swedish message (help requests and errors already in Swedish pass through)."""
    if isinstance(exc, SwedishUsageError | NoArgsIsHelpError):
        return exc
    ctx = getattr(exc, "ctx", None)
    if isinstance(exc, NoSuchOption):
        message = f"Okänt alternativ: {exc.option_name}."
        if exc.possibilities:  # the closest first
            message += f" Menade du {_or_list(list(exc.possibilities))}?"
    elif isinstance(exc, MissingParameter):
        kind = "Argumentet" if isinstance(exc.param, TyperArgument) else "Alternativet"
        message = f"{kind} {option_hint(exc.param)} saknas."
    elif isinstance(exc, BadParameter):
        hint = exc.param_hint if isinstance(exc.param_hint, str) else option_hint(exc.param)
        message = f"Ogiltigt värde för {hint}: {_value_reason(exc).rstrip('.')}."
    elif isinstance(exc, BadOptionUsage | BadArgumentUsage | UsageError):
        message = _translated_text(exc.message)
    else:
        return exc  # a ClickException of a command's own: its message is the command's
    return SwedishUsageError(message, ctx)


def invalid_values(error: ValidationError, names: Mapping[str, str]) -> SwedishUsageError:
    """The usage error for values a command's pydantic model refused: "Ogiltigt värde för --level:
    ska vara ett av: …". `names` maps the model's fields to the options that set them."""
    first = error.errors()[0]
    field = str(first["loc"][0]) if first["loc"] else ""
    return SwedishUsageError(
        f"Ogiltigt värde för {names.get(field, field)}: {reason(first)}.", get_current_context(silent=True)
    )


@contextmanager
def _in_swedish(ctx: Context | None = None) -> Iterator[None]:
    try:
        yield
    except ClickException as exc:
        translated = swedish_error(exc)
        if isinstance(translated, UsageError) and translated.ctx is None:
            translated.ctx = ctx
        if translated is exc:
            raise
        raise translated from exc


def _type_label(param: TyperArgument | TyperOption, label: str) -> str:
    """Typer's "<list[Path]>" as "<sökväg...>", "<int range>" as "<heltal>"; choices as they are."""
    if param.type_descriptor.is_choice or not label.startswith("<"):
        return label
    inner = label[1:-1]
    many = _LIST_RE.match(inner)
    if many:
        inner = many["item"]
    ranged = _RANGE_RE.match(inner)
    if ranged:
        inner = ranged["type"]
    word = _TYPE_WORDS.get(inner, inner)
    if not word:
        return ""
    return f"<{word}{'...' if many else ''}>"


class _SwedishOption(TyperOption):
    def display_type(self, ctx: Context) -> str:
        return "" if self.is_flag else _type_label(self, super().display_type(ctx))


class _SwedishArgument(TyperArgument):
    def display_type(self, ctx: Context) -> str:
        return _type_label(self, super().display_type(ctx))


def _swedish_params(params: Sequence[Any]) -> None:
    # the parameters Typer built, given the Swedish type column (same objects, a subclass's method)
    for param in params:
        if type(param) is TyperOption:
            param.__class__ = _SwedishOption
        elif type(param) is TyperArgument:
            param.__class__ = _SwedishArgument


def _reflowed(help_text: str | None) -> str | None:
    """A docstring's paragraphs each on one line: the help wraps them to the terminal itself (in rich
    mode Typer would keep the line breaks of a docstring wrapped at 110 columns)."""
    if not help_text:
        return help_text
    paragraphs = help_text.strip().split("\n\n")
    return "\n\n".join(p if p.startswith("\b") else " ".join(p.split()) for p in paragraphs)


def _first_paragraph(help_text: str | None) -> str | None:
    # the command list shows the first paragraph only
    return help_text.split("\n\n")[0] if help_text else None


if TYPE_CHECKING:
    _CommandBase = TyperCommand
else:
    _CommandBase = object


class _Swedish(_CommandBase):
    """What the Swedish command and group share: usage line, help option, translated errors."""

    def format_usage(self, ctx: Context, formatter: HelpFormatter) -> None:
        formatter.write_usage(ctx.command_path, " ".join(self.collect_usage_pieces(ctx)), prefix=USAGE_PREFIX)

    def get_help_option(self, ctx: Context) -> TyperOption | None:
        option = super().get_help_option(ctx)
        if option is not None:
            option.help = HELP_OPTION_TEXT
            _swedish_params([option])
        return option

    def parse_args(self, ctx: Context, args: list[str]) -> list[str]:
        with _in_swedish(ctx):
            return super().parse_args(ctx, args)

    def invoke(self, ctx: Context) -> Any:
        with _in_swedish(ctx):
            return super().invoke(ctx)


class SwedishCommand(_Swedish, TyperCommand):
    """A Typer command whose help and usage errors are in Swedish."""

    def __init__(self, name: str | None, **kwargs: Any) -> None:
        kwargs.setdefault("options_metavar", OPTIONS_METAVAR)
        if kwargs.get("options_metavar") == "[OPTIONS]":
            kwargs["options_metavar"] = OPTIONS_METAVAR
        super().__init__(name, **kwargs)
        self.help = _reflowed(self.help)
        self.short_help = self.short_help or _first_paragraph(self.help)
        _swedish_params(self.params)


class SwedishGroup(_Swedish, TyperGroup):
    """The Typer app (a group of commands) with its help, usage and errors in Swedish."""

    def __init__(self, name: str | None = None, **kwargs: Any) -> None:
        if kwargs.get("options_metavar") in (None, "[OPTIONS]"):
            kwargs["options_metavar"] = OPTIONS_METAVAR
        kwargs["subcommand_metavar"] = kwargs.get("subcommand_metavar") or SUBCOMMAND_METAVAR
        super().__init__(name=name, **kwargs)
        self.help = _reflowed(self.help)
        self.short_help = self.short_help or _first_paragraph(self.help)
        _swedish_params(self.params)


def use_swedish(app: typer.Typer) -> None:
    """Swedish help and errors for `app` and every command registered on it (call after registering)."""
    for name, text in _RICH_TEXTS.items():
        setattr(rich_utils, name, text)
    usage = r"(?P<usage>Användning: )"
    if usage not in rich_utils.OptionHighlighter.highlights:
        rich_utils.OptionHighlighter.highlights.append(usage)
    if not isinstance(app.info.cls, type) or app.info.cls is TyperGroup:
        app.info.cls = SwedishGroup
    for info in app.registered_commands:
        if not isinstance(info.cls, type) or info.cls is TyperCommand:
            info.cls = SwedishCommand
    for group in app.registered_groups:
        if group.typer_instance is not None:
            use_swedish(group.typer_instance)
