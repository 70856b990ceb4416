"""The README documents every registered kind with exactly its columns, in order."""

import re
from pathlib import Path

from django.conf import settings

from apps.exchange.registry import kinds

SECTION = "### Moving data as CSV"
KIND_LINE = re.compile(r"^- `(?P<kind>\w+)` \(.*\): `(?P<columns>[^`]*)`$")


def documented_section() -> str:
    readme = (Path(settings.BASE_DIR) / "README.md").read_text(encoding="utf-8")
    assert SECTION in readme, f"README.md has no section “{SECTION}”"
    section = readme.split(SECTION, 1)[1]
    # The section ends where the next heading of the same or a higher level starts.
    return re.split(r"^#{1,3} ", section, maxsplit=1, flags=re.MULTILINE)[0]


def test_the_readme_lists_every_kind_with_its_columns():
    documented = {}
    for line in documented_section().splitlines():
        if match := KIND_LINE.match(line):
            documented[match["kind"]] = match["columns"].split(", ")
    registered = {kind.name: [column.header for column in kind.all_columns] for kind in kinds()}
    assert documented == registered


def test_the_readme_lists_the_kinds_in_dependency_order():
    names = [
        match["kind"]
        for line in documented_section().splitlines()
        if (match := KIND_LINE.match(line))
    ]
    assert names == [kind.name for kind in kinds()]
