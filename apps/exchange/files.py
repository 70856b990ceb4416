"""Writing a kind's rows to a file, byte for byte as the page's download."""

import csv
from pathlib import Path

from apps.core.exports import BOM


def write_rows(stream, rows) -> int:
    """Write the byte-order mark and `rows` (header first) as CSV; return the data rows."""
    stream.write(BOM)
    writer = csv.writer(stream)
    written = 0
    for row in rows:
        writer.writerow(row)
        written += 1
    return max(written - 1, 0)


def kind_path(directory: Path, kind) -> Path:
    """Where `all` puts a kind's file in a directory, and looks for it."""
    return Path(directory) / f"{kind.name}.csv"
