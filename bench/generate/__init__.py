"""Seeded benchmark data: teams, users, grants, companies, addresses, people,
their history rows and planted near-duplicates.

Rows are dicts keyed by field attname and handed to a sink (bench.load) that
fills every column it is not given from the model, so columns added to the
models later need no change here unless their value matters to a case.
"""

from bench.generate.records import Generator
from bench.generate.state import Base, Generated

__all__ = ["Base", "Generated", "Generator"]
