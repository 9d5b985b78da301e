"""Saving an address correction as inside sales, through the real edit view."""

from django.forms.models import model_to_dict

from bench.cases.context import Context
from bench.cases.pages import typical_company
from bench.report import Result
from contacts.forms import AddressForm
from contacts.models import Address

# The one history row a correction must write, by hand: the floor.
FLOOR_UPDATE = """
    UPDATE contacts_address SET house_number = %(number)s, version = version + 1,
           change_reason = 'correction'
    WHERE id = %(address)s
"""


def _history_insert() -> str:
    """Copy the saved row into its history table, column by column as the
    model has them today."""
    history = Address.history.model
    live = {f.column for f in Address._meta.concrete_fields}
    columns = [
        f.column
        for f in history._meta.concrete_fields
        if f.column in live and f.column != "history_id"
    ]
    names = ", ".join(f'"{c}"' for c in columns)
    return f"""
        INSERT INTO contacts_historicaladdress ({names}, history_date, history_type,
               history_user_id, history_change_reason)
        SELECT {names}, now(), '~', %(user)s, 'correction'
        FROM contacts_address WHERE id = %(address)s
    """


def _current_headquarters(company) -> Address:
    return company.addresses.get(kind="headquarters", valid_until__isnull=True)


def run(ctx: Context) -> list[Result]:
    inside = ctx.data.inside_sales[0]
    client = ctx.client(inside)
    timed = typical_company(ctx, ctx.user(ctx.data.reps[0]))
    companies = [typical_company(ctx, ctx.user(inside), exclude=[timed.pk])]
    address = _current_headquarters(companies[0])
    # The floor writes history too: never to a company whose history is timed.
    floor_address = (
        Address.objects.filter(kind="headquarters", valid_until__isnull=True)
        .exclude(
            company_id__in=[companies[0].pk, timed.pk, ctx.data.long_history_company]
        )
        .order_by("-id")
        .first()
    )
    url = f"/contacts/addresses/{address.pk}/edit/"
    form = AddressForm(instance=address)
    data = {
        name: value
        for name, value in model_to_dict(address, fields=form.fields).items()
        if value is not None
    }
    data["country"] = str(address.country)
    state = {"version": address.version}

    def save(number: int):
        post = data | {
            "house_number": str(number % 150 + 1),
            "version": state["version"],
        }
        response = client.post(url, post)
        if response.status_code != 302:
            raise AssertionError(f"POST {url} answered {response.status_code}")
        state["version"] += 1

    timing = ctx.time(save)

    insert = _history_insert()

    def floor(number: int):
        ctx.ping(client)
        params = {
            "number": str(number % 150 + 1),
            "address": floor_address.pk,
            "user": inside,
        }
        with ctx.sql.transaction():
            ctx.sql.execute(FLOOR_UPDATE, params)
            ctx.sql.execute(insert, params)

    floor_timing = ctx.time_floor(floor)
    return [
        Result(
            case="save an address correction",
            p50=timing.p50 * 1000,
            p95=timing.p95 * 1000,
            queries=timing.queries,
            rows_written=timing.rows_written,
            floor="trivial view + UPDATE and INSERT",
            floor_p50=floor_timing.p50 * 1000,
            floor_p95=floor_timing.p95 * 1000,
            target="p95 ≤ 30 ms, exactly 1 history row",
            met=timing.p95 * 1000 <= 30 and timing.history_rows == 1,
            note=f"{timing.history_rows} history row(s) per save",
        )
    ]
