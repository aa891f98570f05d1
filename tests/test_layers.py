"""The layering of issue 14, checked by import-linter's contracts (.importlinter).

core imports no app; audit and workdays only core; accounts only those;
then alerts, petitions, screening/backlog/stability, supervision, dashboards, and
bench on top. Nothing imports a higher layer.
"""

from pathlib import Path

from importlinter import cli

ROOT = Path(__file__).resolve().parent.parent
CONFIG = ROOT / ".importlinter"


def test_no_module_imports_a_higher_layer():
    assert cli.lint_imports(config_filename=str(CONFIG), no_cache=True,
                            no_logo=True) == cli.EXIT_STATUS_SUCCESS


def test_the_contracts_do_catch_an_upward_import(tmp_path):
    # The same packages with petitions declared below core: petitions imports
    # core, so this contract must break (the check reads the real imports).
    inverted = tmp_path / "inverted.ini"
    text = CONFIG.read_text()
    head = text[:text.index("[importlinter:contract:")]
    inverted.write_text(head + "[importlinter:contract:inverted]\nname = inverted\n"
                        "type = layers\nlayers =\n    core\n    petitions\n")
    assert cli.lint_imports(config_filename=str(inverted), no_cache=True,
                            no_logo=True) != cli.EXIT_STATUS_SUCCESS
