"""`chain init`: write a new, commented chain file to start from."""

from __future__ import annotations

import json
import re
from pathlib import Path

import click

DEFAULT_TITLE = "Earlier diagnosis of cancer (worked example)"
DEFAULT_OWNER = "NHS England"
DEFAULT_OWNER_ID = "nhse"
DEFAULT_CHAIN_ID = "early-diagnosis"


def slug(text: str, fallback: str) -> str:
    """A file-format id from free text: 'Faster Diagnosis, Kent' -> 'faster-diagnosis-kent'."""
    words = re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")
    return words[:60].rstrip("-") or fallback


def yaml_text(value: str) -> str:
    """A double-quoted YAML scalar: JSON strings are valid YAML, and quoting keeps ':' and '#' safe."""
    return json.dumps(value, ensure_ascii=False)


def template_text() -> str:
    from importlib.resources import files

    return files("deliverychain").joinpath("templates", "chain.yaml").read_text(encoding="utf-8")


def scaffold(file_name: str, title: str = DEFAULT_TITLE, owner: str = DEFAULT_OWNER) -> str:
    """The template with its placeholders filled in for this file, title and owner."""
    shown_name = " ".join(file_name.split())  # a file name only appears in comments
    owner_id = DEFAULT_OWNER_ID if owner == DEFAULT_OWNER else slug(owner, DEFAULT_OWNER_ID)
    replacements = {
        "__FILE__": shown_name,
        "__STEM__": Path(shown_name).stem or "chain",
        "__CHAIN_ID__": DEFAULT_CHAIN_ID if title == DEFAULT_TITLE else slug(title, "my-chain"),
        "__TITLE__": yaml_text(title),
        "__OWNER_ID__": owner_id,
        "__OWNER_NAME__": yaml_text(owner),
    }
    text = template_text()
    for placeholder, value in replacements.items():
        text = text.replace(placeholder, value)
    return text


@click.command(
    epilog="""\b
Examples:
  chain init my-plan.yaml
  chain init my-plan.yaml --title "Faster diagnosis in Kent" --owner "Kent and Medway ICB"
  chain init my-plan.yaml --force        start again, replacing my-plan.yaml
  chain init my-plan.xlsx                the same worked example as an Excel workbook
""",
)
@click.argument("file", type=click.Path(path_type=str))
@click.option("--title", default=DEFAULT_TITLE, show_default=True, help="Title of the chain.")
@click.option("--owner", default=DEFAULT_OWNER, show_default=True,
              help="Name of the actor accountable for the intent.")
@click.option("--format", "file_format", type=click.Choice(["yaml", "xlsx"]),
              help="yaml for a commented chain file, xlsx for an Excel workbook (default: from FILE's ending).")
@click.option("--force", is_flag=True, help="Overwrite FILE if it already exists.")
def init(file: str, title: str, owner: str, file_format: str | None, force: bool) -> None:
    """Write a new chain FILE: a commented worked example to edit.

    It shows every part of the format: the tiers, actors, one link of each kind,
    sources, ratings with evidence, a target, an accepted finding and a view. It is
    valid as written, so `chain validate`, `chain audit` and `chain render` work on it
    straight away. As a workbook (FILE ending .xlsx, or --format xlsx) it has a sheet for
    each part, with a drop-down on every column whose values come from a list.
    """
    from deliverychain.cli.files import fail, write_output
    from deliverychain.pipeline import check_text
    from deliverychain.rules.wording import count

    path = Path(file)
    if path.is_dir():
        fail(f"'{file}' is a folder", f"give a file name, for example '{path / 'chain.yaml'}'")
    if path.exists() and not force:
        fail(f"'{file}' already exists; it was left as it is",
             "choose another name, or add --force to replace it")
    if not title.strip():
        fail("the title is empty", "give a title, for example --title \"Faster diagnosis\"")
    if not owner.strip():
        fail("the owner is empty", "give the owner's name, for example --owner \"NHS England\"")

    text = scaffold(file, title.strip(), owner.strip())
    result = check_text(text, file)
    if result.chain is None:  # only an --owner whose id clashes with an example actor gets here
        problem = result.problems[0]
        fail(f"cannot write the template with these options: {problem.message}",
             "choose another --owner name")
    chain = result.chain
    if (file_format or ("xlsx" if path.suffix.lower() == ".xlsx" else "yaml")) == "xlsx":
        from deliverychain.exports.workbook import to_xlsx

        write_output(file, to_xlsx(chain), inputs=())
    else:
        write_output(file, text.encode("utf-8"), inputs=())
    from deliverychain.usertext import shown_name

    click.echo(f"Wrote {shown_name(file)}: a worked example with {count(len(chain.actors), 'actor')} and "
               f"{count(len(chain.links), 'link')}.")
    click.echo("Edit it to describe your own chain, then run:")
    click.echo(f"  chain validate {shown_name(file)}")
    click.echo(f"  chain audit {shown_name(file)}")
