"""``compose.yaml``: the multi-process deployment the README describes: PostgreSQL, one
``chat``, two ``ingest`` and two ``deliver`` processes, all from the one image, each
started with its role, and an environment that sitrep's settings accept as given."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml

from bot.runtime.service import ROLES
from bot.settings import load_settings

ROOT = Path(__file__).resolve().parents[2]


def _compose() -> dict[str, Any]:
    data = yaml.safe_load((ROOT / "compose.yaml").read_text(encoding="utf-8"))
    assert isinstance(data, dict)
    return data


def _role(service: dict[str, Any]) -> str:
    command = service["command"]
    assert command[:3] == ["sitrep", "run", "--role"], command
    return str(command[3])


def test_one_chat_two_ingest_two_deliver_and_postgres_from_one_image() -> None:
    services = _compose()["services"]
    sitrep = {name: s for name, s in services.items() if name != "postgres"}
    replicas = {_role(s): int(s.get("deploy", {}).get("replicas", 1)) for s in sitrep.values()}
    assert replicas == {"chat": 1, "ingest": 2, "deliver": 2}
    assert set(replicas) <= set(ROLES)
    # one image, built from this repository's Dockerfile, for every role
    assert {s["image"] for s in sitrep.values()} == {"sitrep"}
    assert {s["build"] for s in sitrep.values()} == {"."}
    assert (ROOT / "Dockerfile").is_file()
    # each waits for a healthy PostgreSQL, which has a health check to wait on
    postgres = services["postgres"]
    assert postgres["image"].startswith("postgres:")
    assert "healthcheck" in postgres
    for s in sitrep.values():
        assert s["depends_on"] == {"postgres": {"condition": "service_healthy"}}
    # only the chat process takes updates from outside (the webhook, /healthz)
    assert [_role(s) for s in sitrep.values() if s.get("ports")] == ["chat"]


def test_every_process_gets_the_same_environment_and_settings_accept_it(tmp_path: Path) -> None:
    compose = _compose()
    services = compose["services"]
    sitrep = [s for name, s in services.items() if name != "postgres"]
    envs = [s["environment"] for s in sitrep]
    assert all(env == envs[0] for env in envs)
    env = {k: str(v) for k, v in envs[0].items()}
    pg = services["postgres"]["environment"]
    user, password, db = pg["POSTGRES_USER"], pg["POSTGRES_PASSWORD"], pg["POSTGRES_DB"]
    assert env["DATABASE_URL"] == f"postgresql://{user}:{password}@postgres:5432/{db}"
    # the token comes from a compose secret, mounted where the _FILE variable points
    secret = env["TELEGRAM_BOT_TOKEN_FILE"]
    assert all(s["secrets"] == ["telegram_token"] for s in sitrep)
    assert secret == "/run/secrets/telegram_token" and "telegram_token" in compose["secrets"]
    token = tmp_path / "telegram_token"
    token.write_text("123456:our-own-test-token\n", encoding="utf-8")
    settings = load_settings(
        env={**env, "TELEGRAM_BOT_TOKEN_FILE": str(token), "SITREP_DATA_DIR": str(tmp_path)}
    )
    assert settings.effective_database_url.startswith("postgresql+asyncpg://")
    assert settings.effective_database_url.endswith(f"@postgres:5432/{db}")
    assert settings.telegram_bot_token is not None
    assert settings.telegram_bot_token.get_secret_value() == "123456:our-own-test-token"
