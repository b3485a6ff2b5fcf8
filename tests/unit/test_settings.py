from __future__ import annotations

from pathlib import Path

import pytest

from bot.settings import SettingsError, load_settings


def test_embedded_defaults_carry_the_default_defence_feeds() -> None:
    s = load_settings(env={})
    names = {f.name for f in s.feeds}
    assert len(s.feeds) == 10
    assert {"UK Defence Journal", "Breaking Defense", "Naval News", "NATO news"} <= names
    assert s.effective_database_url.startswith("sqlite+aiosqlite:///")
    assert s.telegram_bot_token is None and s.discord_bot_token is None


def test_environment_overrides_every_level() -> None:
    s = load_settings(
        env={
            "SITREP_DATA_DIR": "/srv/sitrep",
            "SITREP_POLL__INTERVAL_MINUTES": "5",
            "SITREP_TELEGRAM__ADMINS": "1,2",
            "SITREP_ALLOWED_NETWORKS": "127.0.0.0/8, 10.0.0.0/8",
            "DATABASE_URL": "postgresql+asyncpg://u@h/db",
            "TELEGRAM_API_BASE_URL": "http://127.0.0.1:8081/bot",
            "DISCORD_GATEWAY_URL": "ws://127.0.0.1:9000",
        }
    )
    assert s.data_dir == Path("/srv/sitrep")
    assert s.poll.interval_minutes == 5
    assert s.telegram.admins == [1, 2]
    assert s.allowed_networks == ["127.0.0.0/8", "10.0.0.0/8"]
    assert s.effective_database_url == "postgresql+asyncpg://u@h/db"
    assert s.telegram.api_base_url == "http://127.0.0.1:8081/bot"
    assert s.discord.gateway_url == "ws://127.0.0.1:9000"


def test_config_file_then_environment(tmp_path: Path) -> None:
    cfg = tmp_path / "my.toml"
    cfg.write_text(
        'log_level = "DEBUG"\n[digest]\ndefault_time = "06:45"\n[[feeds]]\nurl = "https://a.example/feed"\n'
    )
    s = load_settings(env={"SITREP_CONFIG": str(cfg), "SITREP_DIGEST__DEFAULT_TIME": "07:15"})
    assert s.log_level == "DEBUG"
    assert s.digest.default_time == "07:15"
    assert [f.url for f in s.feeds] == [
        "https://a.example/feed"
    ]  # a file's feed list replaces the defaults


def test_secrets_from_env_or_file_and_never_printed(tmp_path: Path) -> None:
    token_file = tmp_path / "tok"
    token_file.write_text("123:SECRET\n")
    s = load_settings(
        env={"TELEGRAM_BOT_TOKEN_FILE": str(token_file), "DISCORD_BOT_TOKEN": "disc-secret"}
    )
    assert (
        s.telegram_bot_token is not None and s.telegram_bot_token.get_secret_value() == "123:SECRET"
    )
    assert (
        s.discord_bot_token is not None and s.discord_bot_token.get_secret_value() == "disc-secret"
    )
    assert "SECRET" not in repr(s) and "disc-secret" not in str(s.model_dump())


@pytest.mark.parametrize(
    ("env", "key"),
    [
        ({"SITREP_POLL__CONCURRENCY": "lots"}, "poll.concurrency"),
        ({"SITREP_POLL__CONCURRENCY": "0"}, "poll.concurrency"),
        ({"SITREP_DIGEST__DEFAULT_TIMEZONE": "Mars/Olympus"}, "digest.default_timezone"),
        ({"SITREP_DIGEST__DEFAULT_TIME": "25:00"}, "digest.default_time"),
        ({"SITREP_ALLOWED_NETWORKS": "not-a-cidr"}, "allowed_networks"),
        ({"SITREP_NO_SUCH_THING": "1"}, "no_such_thing"),
        ({"SITREP_TELEGRAM__MODE": "carrier-pigeon"}, "telegram.mode"),
        ({"TELEGRAM_BOT_TOKEN": "a", "TELEGRAM_BOT_TOKEN_FILE": "/x"}, "TELEGRAM_BOT_TOKEN"),
        ({"DISCORD_BOT_TOKEN_FILE": "/nonexistent/token"}, "DISCORD_BOT_TOKEN_FILE"),
        ({"SITREP_CONFIG": "/nonexistent.toml"}, "config"),
    ],
)
def test_invalid_settings_name_the_key(env: dict[str, str], key: str) -> None:
    with pytest.raises(SettingsError) as err:
        load_settings(env=env)
    assert str(err.value).startswith(key)


def test_secrets_are_refused_in_config_files(tmp_path: Path) -> None:
    cfg = tmp_path / "bad.toml"
    cfg.write_text('telegram_bot_token = "123:abc"\n')
    with pytest.raises(SettingsError, match="environment"):
        load_settings(cfg, env={})


@pytest.mark.parametrize(
    ("given", "used"),
    [
        ("postgres://u:pw@db.example:5432/news", "postgresql+asyncpg://u:pw@db.example:5432/news"),
        ("postgresql://u@db.example/news", "postgresql+asyncpg://u@db.example/news"),
        ("postgresql+asyncpg://u@db.example/news", "postgresql+asyncpg://u@db.example/news"),
        (
            "postgres://u@db.example/news?sslmode=require",
            "postgresql+asyncpg://u@db.example/news?ssl=require",
        ),
        ("sqlite:////srv/sitrep/sitrep.db", "sqlite+aiosqlite:////srv/sitrep/sitrep.db"),
        ("", ""),
    ],
)
def test_database_url_forms_hosting_providers_give(given: str, used: str) -> None:
    assert load_settings(env={"DATABASE_URL": given}).database_url == used


@pytest.mark.parametrize(
    ("given", "says"),
    [
        ("mysql://u@h/db", "'mysql' is not supported"),
        ("postgresql+psycopg2://u@h/db", "'postgresql+psycopg2' is not supported"),
        ("db.example:5432", "not a database URL"),
        ("sqlite://", "names no file"),
    ],
)
def test_unusable_database_url_names_the_key_and_the_forms(given: str, says: str) -> None:
    with pytest.raises(SettingsError) as raised:
        load_settings(env={"DATABASE_URL": given})
    message = str(raised.value)
    assert message.startswith("database_url (DATABASE_URL):") and says in message
    assert "postgres://" in message and "sqlite:///" in message
