"""The access export (GDPR Art. 15) as a PDF, drawn from the same dict as the
HTML page. A core font keeps the file small and needs nothing installed; core
fonts know Latin-1 only, which has every German letter (ä, ö, ü, ß), so the
few typographic signs outside it are spelt in plain characters."""

from django.utils.text import capfirst
from django.utils.translation import gettext as _
from django.utils.translation import pgettext
from fpdf import FPDF
from fpdf.fonts import FontFace

from contacts.models import Address, ContactPerson, Source
from privacy.access_export import (
    ADDRESS_SHOWN,
    PERSON_SHOWN,
    display,
    labelled,
    raw_history,
)
from qualification.models import ContactProfile

FONT = "Helvetica"
PLAIN = str.maketrans(
    {
        "–": "-",
        "—": "-",
        "‑": "-",
        "→": "->",
        "…": "...",
        "„": '"',
        "“": '"',
        "”": '"',
        "‚": "'",
        "‘": "'",
        "’": "'",
        "≥": ">=",
        "≤": "<=",
        "•": "-",
        "€": "EUR",
        "\u00a0": " ",
        "\u202f": " ",
    }
)
HEADINGS = FontFace(emphasis="BOLD", fill_color=(230, 230, 230))


def latin1(text) -> str:
    """Text a core font can draw; anything else outside Latin-1 becomes '?'."""
    return str(text).translate(PLAIN).encode("latin-1", "replace").decode("latin-1")


class _Document(FPDF):
    def footer(self):
        self.set_y(-12)
        self.set_font(FONT, size=8)
        self.cell(0, 5, latin1(_("Page %(page)s") % {"page": self.page_no()}))


def _heading(pdf: FPDF, text: str) -> None:
    pdf.ln(3)
    pdf.set_font(FONT, style="B", size=12)
    pdf.multi_cell(0, 7, latin1(text), new_x="LMARGIN", new_y="NEXT")
    pdf.set_font(FONT, size=9)


def _subheading(pdf: FPDF, text: str) -> None:
    pdf.ln(1)
    pdf.set_font(FONT, style="B", size=10)
    pdf.multi_cell(0, 6, latin1(text), new_x="LMARGIN", new_y="NEXT")
    pdf.set_font(FONT, size=9)


def _note(pdf: FPDF, text: str) -> None:
    pdf.multi_cell(0, 5, latin1(text), new_x="LMARGIN", new_y="NEXT")


def _pairs(pdf: FPDF, rows) -> None:
    with pdf.table(
        col_widths=(1, 2),
        first_row_as_headings=False,
        line_height=5,
        text_align="LEFT",
    ) as table:
        for label, value in rows:
            row = table.row()
            row.cell(latin1(label))
            row.cell(latin1(value))


def _table(pdf: FPDF, headings, rows, widths=None) -> None:
    if not rows:
        _note(pdf, _("None."))
        return
    with pdf.table(
        col_widths=widths, headings_style=HEADINGS, line_height=5, text_align="LEFT"
    ) as table:
        head = table.row()
        for text in headings:
            head.cell(latin1(text))
        for values in rows:
            row = table.row()
            for value in values:
                row.cell(latin1(display(value)))


def _change(change: dict) -> str:
    if change["old"] is None:
        return f"{change['label']}: {display(change['new'])}"
    return f"{change['label']}: {display(change['old'])} -> {display(change['new'])}"


def access_export_pdf(data: dict) -> bytes:
    pdf = _Document(format="A4")
    pdf.set_auto_page_break(auto=True, margin=15)
    pdf.set_title(latin1(_("Access request (GDPR Art. 15)")))
    pdf.add_page()
    pdf.set_font(FONT, style="B", size=15)
    person = data["person"]
    name = " ".join(
        part
        for part in (
            person["academic_title"],
            person["first_name"],
            person["last_name"],
        )
        if part
    )
    pdf.multi_cell(
        0,
        8,
        latin1(_("Access request (GDPR Art. 15): %(name)s") % {"name": name}),
        new_x="LMARGIN",
        new_y="NEXT",
    )
    pdf.set_font(FONT, size=9)
    _note(
        pdf,
        _("Contact person #%(id)s, compiled on %(when)s")
        % {"id": data["person_id"], "when": display(data["generated_at"])},
    )

    state = data["state"]
    _heading(pdf, _("Processing state"))
    _pairs(
        pdf,
        [
            (_("Restricted (Art. 18)"), display(state["restricted"])),
            (_("Restricted since"), display(state["restricted_at"])),
            (_("Reason for the restriction"), display(state["restriction_reason"])),
            (_("Erased (Art. 17)"), display(state["erased"])),
            (_("Erased at"), display(state["erased_at"])),
            (_("Merged into"), display(state["merged_into_id"])),
        ],
    )

    _heading(pdf, _("Record"))
    _pairs(pdf, labelled(ContactPerson, person, skip=PERSON_SHOWN))

    company = data["company"]
    _heading(pdf, _("Company and business address"))
    _pairs(pdf, [(_("Company"), company["name"])])
    for address in company["addresses"]:
        pdf.ln(1)
        _pairs(pdf, labelled(Address, address, skip=ADDRESS_SHOWN))

    _heading(pdf, _("Source (Art. 14, Art. 15(1)(g))"))
    _pairs(pdf, labelled(Source, data["source"], skip={"id"}))

    _heading(pdf, _("Contact permissions"))
    _table(
        pdf,
        [_("Channel"), _("Basis"), _("Given on"), _("How"), _("Wording or reason")],
        [
            (
                p["channel_label"],
                p["basis_label"],
                p["consented_on"],
                p["consent_method"],
                p["consent_wording"] or p["reason"],
            )
            for p in data["permissions"]
        ],
        widths=(1, 2, 1, 2, 3),
    )

    _heading(pdf, _("History"))
    lines = []
    for entry in data["history"]:
        changes = "\n".join(_change(change) for change in entry["changes"])
        lines.append(
            (
                entry["when"],
                entry["who"],
                f"{entry['subject']} {entry['action']}",
                entry["reason"],
                changes,
            )
        )
    _table(
        pdf,
        [_("When"), _("Who"), _("What"), _("Reason"), _("Changes")],
        lines,
        widths=(2, 2, 3, 2, 5),
    )

    _heading(pdf, _("Stored history rows"))
    for table in raw_history(data):
        _subheading(pdf, table["label"])
        _table(
            pdf,
            [_("When"), _("Type"), _("Who"), _("Reason"), _("Stored values")],
            [
                (row["when"], row["type"], row["who"], row["reason"], row["values"])
                for row in table["rows"]
            ],
            widths=(2, 1.5, 2, 3, 6),
        )

    qualification = data["qualification"]
    _heading(pdf, _("Qualification"))
    if qualification["profile"]:
        _pairs(pdf, labelled(ContactProfile, qualification["profile"]))
    else:
        _note(pdf, _("No contact qualification recorded."))
    pdf.ln(2)
    _subheading(pdf, _("Calls"))
    _table(
        pdf,
        [_("Date"), _("Channel"), _("Outcome"), _("Notes"), _("By")],
        [
            (
                c["called_at"],
                c["channel_label"],
                c["outcome_label"],
                c["notes"],
                c["called_by"],
            )
            for c in qualification["calls"]
        ],
        widths=(2, 1, 2, 5, 2),
    )
    pdf.ln(2)
    _subheading(pdf, _("Merges"))
    _table(
        pdf,
        [_("Merged on"), _("By"), _("Kept record"), _("Merged records"), _("Undone")],
        [
            (
                m["done_at"],
                m["done_by"],
                m["survivor_id"],
                m["merged_ids"],
                m["undone_at"],
            )
            for m in qualification["merges"]
        ],
    )

    _heading(pdf, _("Access log"))
    _table(
        pdf,
        [_("Time"), pgettext("account", "User"), _("Action"), _("Detail")],
        [
            (e["at"], e["user"], capfirst(e["action_label"]), e["detail"])
            for e in data["access_log"]
        ],
        widths=(2, 2, 2, 2),
    )
    return bytes(pdf.output())
