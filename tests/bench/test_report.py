"""The report table and the loader's column handling."""

import pytest

from bench import load, report
from bench.measure import percentile
from contacts.models import Company


def test_row_shows_ratio_to_floor_and_a_missed_target():
    result = report.Result(
        case="list",
        p50=20.0,
        p95=45.0,
        queries=8,
        rows_written=0,
        floor="SQL",
        floor_p50=4.0,
        floor_p95=9.0,
        target="p95 ≤ 40 ms",
        met=False,
    )

    cells = report.row_cells(result)

    assert cells == [
        "list",
        "20.0 ms",
        "45.0 ms",
        "8",
        "0",
        "SQL",
        "4.00 ms",
        "9.00 ms",
        "5.0",
        "p95 ≤ 40 ms",
        "**no**",
    ]


def test_case_not_built_shows_dashes_and_its_reason():
    result = report.Result.not_available("duplicates", "not built yet", "p95 ≤ 10 ms")

    text = report.document(title="T", machine={"cores": 2}, setup={}, results=[result])

    assert "| duplicates | – | – | – | – | – | – | – | – | p95 ≤ 10 ms | – |" in text
    assert "- duplicates: n/a (not built yet)" in text
    assert "- cores: 2" in text


def test_large_counts_and_seconds_read_easily():
    assert report.number(1234567, "") == "1 234 567"
    assert report.number(1.234, "s") == "1.23 s"
    assert report.number(None) == "–"


def test_percentile_is_nearest_rank():
    values = [float(v) for v in range(1, 101)]
    assert percentile(values, 0.5) == 50.0
    assert percentile(values, 0.95) == 95.0
    assert percentile([3.0], 0.95) == 3.0


def test_copy_text_escapes_what_copy_would_misread():
    assert load._text("a\tb\nc\\d") == "a\\tb\\nc\\\\d"
    assert load._text(None) == "\\N"
    assert load._text(True) == "t"


def test_column_without_value_or_default_is_refused_by_name():
    table = load._Table(Company)
    try:
        with pytest.raises(load.LoadError, match="contacts_company.source_id"):
            table.fill(Company._meta.get_field("source"))
        assert table.fill(Company._meta.get_field("industry")) == ""
        assert table.fill(Company._meta.get_field("employees")) is None
        assert table.fill(Company._meta.get_field("status")) == "prospect"
    finally:
        table.file.close()
