"""The report: one row per case with its floor, printed and written to a file."""

import math
from dataclasses import dataclass, field


@dataclass
class Result:
    case: str
    # Figures in milliseconds unless `unit` says otherwise; None where not measured.
    p50: float | None = None
    p95: float | None = None
    queries: int | str | None = None
    rows_written: int | None = None
    floor: str = ""
    floor_p50: float | None = None
    floor_p95: float | None = None
    target: str = ""
    # True, False, or None when there is no target or nothing was measured.
    met: bool | None = None
    unit: str = "ms"
    note: str = ""
    details: dict = field(default_factory=dict)

    @classmethod
    def not_available(cls, case: str, why: str, target: str = "") -> "Result":
        return cls(case=case, target=target, note=f"n/a ({why})")

    @property
    def ratio(self) -> float | None:
        """p95 over the floor's p95: how far the product is from the best case."""
        if self.p95 is None or not self.floor_p95:
            return None
        return self.p95 / self.floor_p95


COLUMNS = (
    "case",
    "p50",
    "p95",
    "queries",
    "rows written",
    "floor",
    "floor p50",
    "floor p95",
    "× floor (p95)",
    "target",
    "met",
)


def number(value, unit: str = "ms") -> str:
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return "–"
    if isinstance(value, str):
        return value
    if isinstance(value, int):
        return f"{value:,}".replace(",", " ")
    digits = 1 if abs(value) >= 10 else 2
    text = f"{value:.{digits}f}"
    return f"{text} {unit}" if unit else text


def _met(result: Result) -> str:
    if result.met is None:
        return "–"
    return "yes" if result.met else "**no**"


def row_cells(result: Result) -> list[str]:
    ratio = result.ratio
    return [
        result.case,
        number(result.p50, result.unit),
        number(result.p95, result.unit),
        number(result.queries, ""),
        number(result.rows_written, ""),
        result.floor or "–",
        number(result.floor_p50, result.unit),
        number(result.floor_p95, result.unit),
        f"{ratio:.1f}" if ratio is not None else "–",
        result.target or "–",
        _met(result),
    ]


def table(results: list[Result]) -> str:
    lines = [
        "| " + " | ".join(COLUMNS) + " |",
        "|" + "|".join("---" for _ in COLUMNS) + "|",
    ]
    for result in results:
        lines.append("| " + " | ".join(row_cells(result)) + " |")
    return "\n".join(lines)


def notes(results: list[Result]) -> str:
    lines = []
    for result in results:
        if result.note:
            lines.append(f"- {result.case}: {result.note}")
        for key, value in result.details.items():
            lines.append(f"  - {key}: {value}")
    return "\n".join(lines)


def document(*, title: str, machine: dict, setup: dict, results: list[Result]) -> str:
    parts = [f"# {title}", ""]
    parts += [f"- {key}: {value}" for key, value in machine.items()]
    parts += [f"- {key}: {value}" for key, value in setup.items()]
    parts += ["", table(results), ""]
    extra = notes(results)
    if extra:
        parts += ["Notes:", "", extra, ""]
    return "\n".join(parts)
