"""What the generated companies and people are made of."""

from contacts import reasons

LEGAL_FORMS = {
    "GmbH": 46,
    "GmbH & Co. KG": 16,
    "UG (haftungsbeschränkt)": 6,
    "AG": 4,
    "KG": 5,
    "e.K.": 8,
    "OHG": 3,
    "GbR": 4,
    "Einzelunternehmen": 6,
    "SE": 1,
    "e.V.": 1,
}
STATUSES = {"prospect": 55, "customer": 25, "former_customer": 12, "lost": 8}
INDUSTRIES = (
    "Maschinenbau",
    "Metallverarbeitung",
    "Logistik",
    "Elektrotechnik",
    "Kunststofftechnik",
    "Lebensmittel",
    "Bau",
    "Medizintechnik",
    "Software",
    "Großhandel",
)
SUFFIXES = ("", "", "Technik", "Service", "Systeme", "Werke", "Handel", "& Söhne")
JOBS = (
    ("Geschäftsführer", "Geschäftsführung", "decision_maker"),
    ("Einkaufsleiterin", "Einkauf", "purchaser"),
    ("Einkäufer", "Einkauf", "purchaser"),
    ("Technischer Leiter", "Technik", "influencer"),
    ("Assistenz der Geschäftsführung", "Geschäftsführung", "gatekeeper"),
    ("Konstrukteurin", "Entwicklung", "user"),
    ("Produktionsleiter", "Produktion", "influencer"),
)
PERSON_REASON = reasons.with_detail(reasons.IMPORT, "messe-2025.csv (2025-09-30 10:12)")
