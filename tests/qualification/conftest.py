import pytest

from qualification.models import Criterion


@pytest.fixture
def criteria(db):
    """The default criteria from the data migration, by key."""
    return {c.key: c for c in Criterion.objects.prefetch_related("options")}


def option(criterion: Criterion, label: str):
    return criterion.options.get(label=label)
