import datetime

import pytest

from apps.core.exports import BOM, csv_response, export_value, neutralise_formula


@pytest.mark.parametrize("hostile", ['=HYPERLINK("http://x")', "+1+1", "-2+3", "@SUM(A1)", "\tcmd"])
def test_formula_cells_are_neutralised(hostile):
    assert neutralise_formula(hostile) == "'" + hostile


def test_plain_text_is_left_alone():
    assert neutralise_formula("Chi bộ Ấp 1") == "Chi bộ Ấp 1"


def test_values_are_written_as_clerks_write_them():
    assert export_value(datetime.date(2023, 4, 24)) == "24/04/2023"
    assert export_value(None) == ""
    assert export_value(4515) == "4515"
    assert export_value(-3) == "-3"  # numbers are not formulas
    assert export_value("=1+1") == "'=1+1"


def test_csv_response_streams_utf8_with_bom():
    response = csv_response([["Tên", "Ngày"], ["Vọng Thê", "01/01/2023"]], "x.csv")
    body = b"".join(response.streaming_content).decode("utf-8")
    assert body.startswith(BOM)
    assert body[1:].splitlines() == ["Tên,Ngày", "Vọng Thê,01/01/2023"]
    assert response["Content-Disposition"] == 'attachment; filename="x.csv"'
    assert response["Content-Type"] == "text/csv; charset=utf-8"
