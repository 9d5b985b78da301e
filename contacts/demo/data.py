"""The tables the demo data set draws from; all names are invented or common."""

import datetime
from dataclasses import dataclass

from contacts.models import Company, ContactPerson, Source
from contacts.roles import Role

PASSWORD = "kontakt-demo-2026"
DEFAULT_COMPANIES = 300
DEFAULT_SEED = 2026

LegalForm = Company.LegalForm
Kind = Source.Kind
Authority = ContactPerson.Authority


@dataclass(frozen=True)
class DemoUser:
    username: str
    role: str


USERS = (
    DemoUser(username="innendienst", role=Role.INSIDE_SALES),
    DemoUser(username="innendienst2", role=Role.INSIDE_SALES),
    DemoUser(username="aussendienst", role=Role.FIELD_SALES),
    DemoUser(username="aussendienst2", role=Role.FIELD_SALES),
    DemoUser(username="admin", role=Role.ADMIN),
    DemoUser(username="datenschutz", role=Role.DATA_PROTECTION),
)

# Team name -> (postal code prefixes, inside-sales user, field rep).
TEAMS = {
    "Nord": ("2,3", "innendienst2", "aussendienst2"),
    "Ost": ("0,1", "innendienst2", "aussendienst2"),
    "Süd": ("7,8,9", "innendienst", "aussendienst"),
    "West": ("4,5,6", "innendienst", "aussendienst"),
}

# (kind, name, date, weight); the broker names are invented.
SOURCES = (
    (Kind.EXISTING_CUSTOMER, "Altkundenbestand 2019", datetime.date(2019, 12, 31), 28),
    (Kind.TRADE_FAIR, "Hannover Messe 2026", datetime.date(2026, 4, 20), 14),
    (Kind.TRADE_FAIR, "EMO Hannover 2025", datetime.date(2025, 9, 22), 8),
    (Kind.MARKETING, "Newsletter-Aktion Frühjahr 2026", datetime.date(2026, 3, 2), 10),
    (Kind.MARKETING, "Fachanzeige Konstruktionspraxis 2025", None, 6),
    (Kind.ADDRESS_BROKER, "Adresshandel Kerber & Lind 2025", None, 18),
    (Kind.INBOUND, "Eigenmeldung Website", None, 16),
)

# (city, first and last postal code, area code, register court)
CITIES = (
    ("Dresden", 1067, 1328, "351", "Amtsgericht Dresden"),
    ("Leipzig", 4103, 4357, "341", "Amtsgericht Leipzig"),
    ("Cottbus", 3042, 3055, "355", "Amtsgericht Cottbus"),
    ("Halle (Saale)", 6108, 6132, "345", "Amtsgericht Stendal"),
    ("Jena", 7743, 7751, "3641", "Amtsgericht Jena"),
    ("Chemnitz", 9111, 9247, "371", "Amtsgericht Chemnitz"),
    ("Berlin", 10115, 14199, "30", "Amtsgericht Charlottenburg"),
    ("Potsdam", 14467, 14482, "331", "Amtsgericht Potsdam"),
    ("Rostock", 18055, 18147, "381", "Amtsgericht Rostock"),
    ("Hamburg", 20095, 22769, "40", "Amtsgericht Hamburg"),
    ("Kiel", 24103, 24159, "431", "Amtsgericht Kiel"),
    ("Bremen", 28195, 28779, "421", "Amtsgericht Bremen"),
    ("Hannover", 30159, 30669, "511", "Amtsgericht Hannover"),
    ("Bielefeld", 33602, 33739, "521", "Amtsgericht Bielefeld"),
    ("Kassel", 34117, 34134, "561", "Amtsgericht Kassel"),
    ("Magdeburg", 39104, 39130, "391", "Amtsgericht Stendal"),
    ("Düsseldorf", 40210, 40629, "211", "Amtsgericht Düsseldorf"),
    ("Dortmund", 44135, 44388, "231", "Amtsgericht Dortmund"),
    ("Essen", 45127, 45359, "201", "Amtsgericht Essen"),
    ("Münster", 48143, 48167, "251", "Amtsgericht Münster"),
    ("Köln", 50667, 51149, "221", "Amtsgericht Köln"),
    ("Mainz", 55116, 55131, "6131", "Amtsgericht Mainz"),
    ("Frankfurt am Main", 60306, 60599, "69", "Amtsgericht Frankfurt am Main"),
    ("Wiesbaden", 65183, 65207, "611", "Amtsgericht Wiesbaden"),
    ("Saarbrücken", 66111, 66133, "681", "Amtsgericht Saarbrücken"),
    ("Mannheim", 68159, 68309, "621", "Amtsgericht Mannheim"),
    ("Stuttgart", 70173, 70629, "711", "Amtsgericht Stuttgart"),
    ("Karlsruhe", 76131, 76229, "721", "Amtsgericht Mannheim"),
    ("Freiburg im Breisgau", 79098, 79117, "761", "Amtsgericht Freiburg"),
    ("München", 80331, 81929, "89", "Amtsgericht München"),
    ("Augsburg", 86150, 86199, "821", "Amtsgericht Augsburg"),
    ("Ulm", 89073, 89081, "731", "Amtsgericht Ulm"),
    ("Nürnberg", 90402, 90491, "911", "Amtsgericht Nürnberg"),
    ("Regensburg", 93047, 93059, "941", "Amtsgericht Regensburg"),
    ("Würzburg", 97070, 97084, "931", "Amtsgericht Würzburg"),
    ("Erfurt", 99084, 99099, "361", "Amtsgericht Jena"),
)

STREETS = (
    "Industriestraße", "Gewerbestraße", "Hauptstraße", "Bahnhofstraße",
    "Gutenbergstraße", "Robert-Bosch-Straße", "Carl-Zeiss-Straße", "Daimlerstraße",
    "Siemensstraße", "Otto-Hahn-Straße", "Max-Planck-Straße", "Am Gewerbepark",
    "Im Gewerbegebiet", "Hafenstraße", "Lindenstraße", "Schillerstraße",
    "Mühlenweg", "Ringstraße", "Dieselstraße", "Zeppelinstraße",
    "Raiffeisenstraße", "Ludwig-Erhard-Straße", "Marie-Curie-Straße",
    "Einsteinstraße", "Gartenstraße", "Friedrichstraße", "Am Bahnhof",
)  # fmt: skip

# (industry, words that go into company names of that industry)
INDUSTRIES = (
    ("Maschinenbau", ("Maschinenbau", "Anlagenbau", "Antriebstechnik")),
    ("Elektrotechnik", ("Elektrotechnik", "Elektronik", "Schaltanlagen")),
    ("Logistik", ("Logistik", "Spedition", "Transporte")),
    ("Lebensmittel", ("Feinkost", "Backwaren", "Fleischwaren")),
    ("Bau", ("Bau", "Hochbau", "Tiefbau")),
    ("Chemie", ("Chemie", "Lacke", "Klebstoffe")),
    ("IT-Dienstleistungen", ("IT-Service", "Software", "Systemhaus")),
    ("Großhandel", ("Großhandel", "Handelskontor", "Vertrieb")),
    ("Kunststoffverarbeitung", ("Kunststofftechnik", "Formenbau", "Kunststoffe")),
    ("Medizintechnik", ("Medizintechnik", "Dentaltechnik", "Orthopädietechnik")),
    ("Metallverarbeitung", ("Metallbau", "Stahlbau", "Zerspanungstechnik")),
    ("Verpackung", ("Verpackungen", "Kartonagen", "Folientechnik")),
)

LEGAL_FORMS = {
    LegalForm.GMBH: 40,
    LegalForm.GMBH_CO_KG: 16,
    LegalForm.KG: 8,
    LegalForm.UG: 7,
    LegalForm.EK: 7,
    LegalForm.AG: 6,
    LegalForm.GBR: 4,
    LegalForm.OHG: 3,
    LegalForm.SOLE: 2,
    LegalForm.SE: 1,
    LegalForm.EG: 1,
    LegalForm.EV: 1,
    LegalForm.GGMBH: 1,
    LegalForm.KGAA: 1,
    LegalForm.OTHER: 1,
}
FOREIGN_FORMS = ("B.V.", "Ltd.", "S.à r.l.")
REGISTERS = {
    "HRB": {
        LegalForm.GMBH,
        LegalForm.GGMBH,
        LegalForm.UG,
        LegalForm.AG,
        LegalForm.SE,
        LegalForm.KGAA,
    },
    "HRA": {LegalForm.KG, LegalForm.GMBH_CO_KG, LegalForm.OHG, LegalForm.EK},
    "GnR": {LegalForm.EG},
    "VR": {LegalForm.EV},
}
NO_VAT_ID_FORMS = {LegalForm.GBR, LegalForm.SOLE, LegalForm.OTHER}
SOLE_TRADER_FORMS = {LegalForm.EK, LegalForm.SOLE}
SMALL_FORMS = SOLE_TRADER_FORMS | {LegalForm.GBR, LegalForm.UG}
LARGE_FORMS = {LegalForm.AG, LegalForm.SE, LegalForm.KGAA}

STATUSES = {
    Company.Status.PROSPECT: 45,
    Company.Status.CUSTOMER: 35,
    Company.Status.FORMER: 12,
    Company.Status.LOST: 8,
}

# (job title male, female, department, authority, weight)
JOBS = (
    ("Einkaufsleiter", "Einkaufsleiterin", "Einkauf", Authority.DECISION_MAKER, 10),
    ("Sachbearbeiter Einkauf", "Sachbearbeiterin Einkauf", "Einkauf",
     Authority.PURCHASER, 12),
    ("Strategischer Einkäufer", "Strategische Einkäuferin", "Einkauf",
     Authority.PURCHASER, 6),
    ("Leiter Technik", "Leiterin Technik", "Technik", Authority.INFLUENCER, 8),
    ("Produktionsleiter", "Produktionsleiterin", "Produktion",
     Authority.INFLUENCER, 6),
    ("Konstrukteur", "Konstrukteurin", "Entwicklung", Authority.USER, 5),
    ("Leiter Instandhaltung", "Leiterin Instandhaltung", "Instandhaltung",
     Authority.USER, 4),
    ("Assistenz der Geschäftsführung", "Assistenz der Geschäftsführung",
     "Geschäftsleitung", Authority.GATEKEEPER, 6),
    ("Kaufmännischer Leiter", "Kaufmännische Leiterin", "Kaufmännische Leitung",
     Authority.DECISION_MAKER, 4),
)  # fmt: skip
TITLES = {"": 82, "Dr.": 9, "Dipl.-Ing.": 7, "Prof. Dr.": 2}
MOBILE_PREFIXES = ("151", "152", "157", "160", "162", "170", "171", "172", "176")
FOLD = str.maketrans({"ä": "ae", "ö": "oe", "ü": "ue", "ß": "ss"})
