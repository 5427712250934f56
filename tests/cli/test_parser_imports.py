"""Building the command line must not load what only one command needs.

`safemig estimate` builds every command's parser on each run; when the kit command's
registration loaded safemig.kits (Markdown, templates, PDF), every command paid 0.12-0.19 s.
"""

from __future__ import annotations

import json
import subprocess
import sys

import safemig.kits
from safemig.kits import build, plain

PROBE = """
import json, sys
import safemig.cli
safemig.cli.build_parser()
print(json.dumps(sorted(sys.modules)))
"""


def test_building_the_parser_loads_no_command_library() -> None:
    done = subprocess.run([sys.executable, "-c", PROBE], capture_output=True, text=True, check=True)
    loaded = set(json.loads(done.stdout))
    heavy = {"safemig.kits.build", "safemig.kits.topics", "safemig.narrative", "markdown_it"}
    heavy |= {"jinja2", "duckdb", "pyarrow", "pandas", "sqlglot"}
    assert not heavy & loaded, sorted(heavy & loaded)
    assert "safemig.kits.settings" in loaded  # the kit defaults are still shown in --help


def test_the_kit_package_still_exports_everything() -> None:
    for name in safemig.kits.__all__:
        assert getattr(safemig.kits, name) is not None, name
    assert safemig.kits.Limits is plain.Limits is build.Limits
    assert safemig.kits.EXAMPLE_SITE_URL == build.EXAMPLE_SITE_URL
