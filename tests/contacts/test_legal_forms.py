import pytest

from contacts.legal_forms import split_legal_form


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("Elbtal Maschinenbau GmbH", ("Elbtal Maschinenbau", "GmbH", "")),
        ("Lindner GmbH & Co. KG", ("Lindner", "GmbH & Co. KG", "")),
        ("Zwerg UG (haftungsbeschränkt)", ("Zwerg", "UG (haftungsbeschränkt)", "")),
        ("Blumen Meier e.K.", ("Blumen Meier", "e.K.", "")),
        ("Volksbank Nord eG", ("Volksbank Nord", "eG", "")),
        ("Simon LLC", ("Simon", "other", "LLC")),
        ("Crosby, Inc.", ("Crosby", "other", "Inc.")),
        ("Hester Ltd", ("Hester", "other", "Ltd")),
        ("Rasmussen Group", ("Rasmussen Group", "", "")),
        ("GmbH", ("GmbH", "", "")),
        ("Kambs GmbH & Co. KG", ("Kambs", "GmbH & Co. KG", "")),
        (
            "Mielcarek Schinke AG & Co. KGaA",
            ("Mielcarek Schinke", "other", "AG & Co. KGaA"),
        ),
        ("Rhein Chemie KGaA", ("Rhein Chemie", "KGaA", "")),
        ("Lebenshilfe gGmbH", ("Lebenshilfe", "gGmbH", "")),
        ("Agentur Kopp", ("Agentur Kopp", "", "")),
    ],
)
def test_legal_form_split_off_the_name(name, expected):
    assert tuple(split_legal_form(name)) == expected


def test_legal_form_column_wins_and_strips_the_same_suffix():
    assert tuple(split_legal_form("Groß GmbH", "gmbh")) == ("Groß", "GmbH", "")
    assert tuple(split_legal_form("Groß", "S.A.R.L.")) == (
        "Groß",
        "other",
        "S.A.R.L.",
    )
