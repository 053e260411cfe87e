"""Documentation that must not drift: the field dictionary page and the CLI help."""
import pytest

from ipstats.cli.main import parser
from ipstats.dataset.fielddocs import FIELDS_DOC, render_markdown


def test_fields_doc_is_generated_from_the_schema():
    assert FIELDS_DOC.read_text(encoding="utf-8") == render_markdown(), (
        "docs/fields.md is out of date: run `python -m ipstats.dataset.fielddocs`")


def _subcommands():
    sub = next(a for a in parser()._actions if a.dest == "command")
    return sub.choices, {a.dest: a.help for a in sub._choices_actions}


@pytest.mark.parametrize("name", sorted(_subcommands()[0]))
def test_every_command_and_option_has_help(name):
    choices, helps = _subcommands()
    assert helps.get(name), f"command {name} has no help text"
    for action in choices[name]._actions:
        if action.dest != "help":
            assert action.help, f"option {action.option_strings or action.dest} of {name} has no help"
