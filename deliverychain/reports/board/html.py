"""The report as one self-contained HTML page, from a Jinja2 template.

The built-in template is `deliverychain/report.html.j2`; a team's own template (`--template
FILE`) may replace it or extend it and override its blocks. Templates run sandboxed, with
autoescaping on, so text from the chain file is always shown as text.
"""

from __future__ import annotations

from functools import cache
from importlib.resources import files
from pathlib import Path
from typing import Any

from deliverychain.reports.board.content import ESCALATED, BoardReport
from deliverychain.reports.board.errors import ReportError
from deliverychain.reports.board.rating import SCALE
from deliverychain.rules.wording import count

#: The built-in template's name, for `{% extends %}` in a team's own.
TEMPLATE = "deliverychain/report.html.j2"
HTML_TEMPLATE_SUFFIXES = (".html", ".htm", ".j2", ".jinja", ".jinja2")


@cache
def asset(name: str) -> str:
    """A file shipped with the package under reports/board/templates."""
    return files("deliverychain.reports.board").joinpath("templates", name).read_text(encoding="utf-8")


def render_html(report: BoardReport, template: str | Path | None = None) -> bytes:
    from jinja2 import TemplateError, TemplateSyntaxError
    from markupsafe import Markup

    environment = _environment(Path(template).parent if template else None)
    context: dict[str, Any] = {"report": report, "scale": SCALE, "css": Markup(asset("report.css")),
                               "script": Markup(asset("report.js")), "escalated": ESCALATED}
    try:
        if template is None:
            page = environment.get_template(TEMPLATE)
        else:
            page = environment.from_string(_read_template(Path(template)))
        text = page.render(context)
    except TemplateSyntaxError as error:
        where = f"{template or TEMPLATE}:{error.lineno}"
        raise ReportError(f"{where}: the template is not valid Jinja2: {error.message}",
                          "see https://jinja.palletsprojects.com/templates/ for the syntax") from None
    except TemplateError as error:
        raise ReportError(f"{template or TEMPLATE}: the template failed: {error}",
                          "docs/report.md lists what a template is given") from None
    return (text.strip() + "\n").encode("utf-8")


def _read_template(path: Path) -> str:
    if path.suffix.lower() not in HTML_TEMPLATE_SUFFIXES:
        raise ReportError(f"'{path}' is not an HTML template", "give a Jinja2 template ending in .html or .j2 "
                          "for HTML and PDF reports, or a .docx reference document for Word")
    try:
        return path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise ReportError(f"template '{path}' does not exist", "check the path given to --template") from None
    except (OSError, UnicodeDecodeError) as error:
        raise ReportError(f"cannot read template '{path}': {error}",
                          "a template is a UTF-8 text file (Jinja2 HTML)") from None


def _environment(folder: Path | None) -> Any:
    from jinja2 import ChoiceLoader, FileSystemLoader, FunctionLoader, StrictUndefined
    from jinja2.sandbox import SandboxedEnvironment

    def built_in(name: str) -> str | None:
        prefix = "deliverychain/"
        return asset(name.removeprefix(prefix)) if name.startswith(prefix) else None

    loaders: list[Any] = [FunctionLoader(built_in)]
    if folder is not None:
        loaders.append(FileSystemLoader(folder))
    environment = SandboxedEnvironment(loader=ChoiceLoader(loaders), autoescape=True, undefined=StrictUndefined,
                                       trim_blocks=True, lstrip_blocks=True)
    environment.globals["counted"] = count  # counted(n, "major issue", "major issues")
    return environment
