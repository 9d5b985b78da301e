import pytest
from django.core.exceptions import ImproperlyConfigured

from crm.env import env_bool, env_database, env_int, env_list


def test_bool_accepts_common_spellings_and_rejects_the_rest(monkeypatch):
    monkeypatch.setenv("FLAG", "Yes")
    assert env_bool("FLAG") is True
    monkeypatch.setenv("FLAG", "off")
    assert env_bool("FLAG", True) is False
    monkeypatch.setenv("FLAG", "vielleicht")
    with pytest.raises(ImproperlyConfigured, match="FLAG"):
        env_bool("FLAG")


def test_int_rejects_words(monkeypatch):
    monkeypatch.setenv("AGE", "acht")
    with pytest.raises(ImproperlyConfigured, match="AGE"):
        env_int("AGE", 1)


def test_list_splits_and_trims(monkeypatch):
    monkeypatch.setenv("HOSTS", " crm.example.de, ,localhost ")
    assert env_list("HOSTS", []) == ["crm.example.de", "localhost"]


def test_database_defaults_to_sqlite_file(monkeypatch, tmp_path):
    monkeypatch.delenv("DB_URL", raising=False)
    path = tmp_path / "var" / "db.sqlite3"

    config = env_database("DB_URL", str(path))

    assert config["ENGINE"] == "django.db.backends.sqlite3"
    assert path.parent.is_dir()


def test_database_reads_postgres_url(monkeypatch):
    monkeypatch.setenv("DB_URL", "postgres://crm:pw@db.internal:5433/kontakt")

    config = env_database("DB_URL", "unused")

    assert config["ENGINE"] == "django.db.backends.postgresql"
    assert (config["HOST"], config["PORT"], config["NAME"]) == (
        "db.internal",
        5433,
        "kontakt",
    )


def test_database_refuses_other_engines(monkeypatch):
    monkeypatch.setenv("DB_URL", "mysql://root@127.0.0.1/crm")
    with pytest.raises(ImproperlyConfigured, match="PostgreSQL or SQLite"):
        env_database("DB_URL", "unused")


def test_settings_refuse_to_start_without_secret_key_when_debug_is_off():
    import os
    import subprocess
    import sys

    env = {**os.environ, "DEBUG": "false", "SECRET_KEY": ""}
    result = subprocess.run(
        [sys.executable, "-c", "import crm.settings"],
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )

    assert result.returncode != 0
    assert "SECRET_KEY must be set when DEBUG is off" in result.stderr


def test_settings_refuse_to_start_without_suppression_salt_when_debug_is_off():
    import os
    import subprocess
    import sys

    env = {
        **os.environ,
        "DEBUG": "false",
        "SECRET_KEY": "x" * 50,
        "SUPPRESSION_SALT": "",
    }
    result = subprocess.run(
        [sys.executable, "-c", "import crm.settings"],
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )

    assert result.returncode != 0
    assert "SUPPRESSION_SALT must be set when DEBUG is off" in result.stderr
