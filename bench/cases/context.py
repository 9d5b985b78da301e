"""What every case gets: the tier, the generated data, logged-in clients and a
plain psycopg connection for the floors."""

from dataclasses import dataclass, field
from pathlib import Path

import psycopg
from django.conf import settings
from django.contrib.auth import get_user_model
from django.test import Client

from bench.generate import Generated
from bench.measure import Timing, repeat, repeat_plain
from bench.tiers import Tier
from bench.urls import PING_URL


@dataclass
class Context:
    tier: Tier
    data: Generated
    out_dir: Path
    clients: dict = field(default_factory=dict)
    _psycopg: psycopg.Connection | None = None

    def user(self, pk: int):
        return get_user_model().objects.get(pk=pk)

    def client(self, user_id: int) -> Client:
        """A client with a real session for this user, as after a login."""
        if user_id not in self.clients:
            client = Client()
            client.force_login(self.user(user_id))
            self.clients[user_id] = client
        return self.clients[user_id]

    @property
    def sql(self) -> psycopg.Connection:
        """Autocommit psycopg connection to the same database, for floors."""
        if self._psycopg is None:
            db = settings.DATABASES["default"]
            params = {
                "dbname": db["NAME"],
                "host": db.get("HOST"),
                "port": db.get("PORT"),
                "user": db.get("USER"),
                "password": db.get("PASSWORD"),
            }
            self._psycopg = psycopg.connect(
                **{k: v for k, v in params.items() if v}, autocommit=True
            )
        return self._psycopg

    def get_ok(self, client: Client, url: str):
        response = client.get(url)
        if response.status_code != 200:
            raise AssertionError(f"GET {url} answered {response.status_code}")
        return response

    def time(self, action) -> Timing:
        return repeat(
            action, warmup=self.tier.warmup, repetitions=self.tier.repetitions
        )

    def time_floor(self, action) -> Timing:
        return repeat_plain(
            action, warmup=self.tier.warmup, repetitions=self.tier.repetitions
        )

    def ping(self, client: Client) -> None:
        self.get_ok(client, PING_URL)

    def close(self) -> None:
        if self._psycopg is not None:
            self._psycopg.close()
