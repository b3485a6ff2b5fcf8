"""Typed settings: embedded defaults, an optional TOML file, then the environment.

Secrets (chat tokens) come only from the environment or a ``*_FILE`` variant. An invalid
setting raises :class:`SettingsError` naming the key; the CLI turns it into one line and
exit code 2.
"""

from __future__ import annotations

import ipaddress
import json
import os
import tomllib
from collections.abc import Mapping
from datetime import timedelta
from pathlib import Path
from typing import Any, Literal
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
    SecretStr,
    ValidationError,
    field_validator,
    model_validator,
)

CONFIG_DIR = Path(__file__).resolve().parent.parent / "config"
DEFAULT_CONFIG = CONFIG_DIR / "sitrep.toml"
ENV_PREFIX = "SITREP_"

# Well-known variable names that map onto settings keys (dotted paths).
ENV_ALIASES: dict[str, str] = {
    "DATABASE_URL": "database_url",
    "TELEGRAM_API_BASE_URL": "telegram.api_base_url",
    "DISCORD_API_BASE_URL": "discord.api_base_url",
    "DISCORD_GATEWAY_URL": "discord.gateway_url",
}
SECRETS = ("TELEGRAM_BOT_TOKEN", "DISCORD_BOT_TOKEN", "TELEGRAM_WEBHOOK_SECRET")
WEB_SECRET_VARS = ("SITREP_WEB_SECRET", "SITREP_WEB_SECRET_FILE")


class SettingsError(Exception):
    """A setting is missing or invalid; the message names the key."""


class _Section(BaseModel):
    model_config = ConfigDict(extra="forbid")


class PollSettings(_Section):
    interval_minutes: float = Field(15, gt=0)
    tick_seconds: float = Field(30, gt=0)
    concurrency: int = Field(32, ge=1, le=1000)
    per_host: int = Field(4, ge=1, le=100)
    connect_timeout: float = Field(10, gt=0)
    read_timeout: float = Field(20, gt=0)
    feed_timeout: float = Field(60, gt=0)
    max_feed_bytes: int = Field(5_000_000, ge=1024)
    max_page_bytes: int = Field(3_000_000, ge=1024)
    max_redirects: int = Field(5, ge=0, le=20)
    backoff_max_hours: float = Field(24, gt=0)
    pause_after_failures: int = Field(20, ge=1)
    backfill: int = Field(5, ge=0)
    fetch_pages: bool = True
    min_content_chars: int = Field(600, ge=0)
    max_entries_per_poll: int = Field(100, ge=1)
    process_workers: int = Field(0, ge=0, le=64)
    user_agent: str = "sitrep/0.1"
    # How long a claimed feed stays this worker's; a dead worker's claims are given back
    # within workers.stale_seconds of its last heartbeat, not after this lease.
    claim_lease_seconds: float = Field(900, gt=0)


class BriefingSettings(_Section):
    max_quotes: int = Field(3, ge=1, le=20)
    timeout_seconds: float = Field(30, gt=0, le=3600)  # `sitrep brief`/`quotes`: one article
    # Quotes whose speaker confidence is lower are shown "unattributed" (0 shows every guess).
    min_speaker_confidence: float = Field(0.5, ge=0.0, le=1.0)


class DigestSettings(_Section):
    default_time: str = "07:00"
    default_timezone: str = "UTC"
    max_stories: int = Field(8, ge=1, le=50)
    window_hours: float = Field(24, gt=0)
    grace_minutes: float = Field(180, ge=0)
    # An article enters the first digest planned after sitrep stored it, unless it was
    # published longer ago than this (a new feed's backfill must not flood a digest).
    max_article_age_days: float = Field(7, gt=0, le=3650)

    @property
    def max_article_age(self) -> timedelta:
        return timedelta(days=self.max_article_age_days)

    @field_validator("default_time")
    @classmethod
    def _hhmm(cls, value: str) -> str:
        from bot.local_time import parse_hhmm

        parse_hhmm(value)
        return value

    @field_validator("default_timezone")
    @classmethod
    def _zone(cls, value: str) -> str:
        from bot.local_time import parse_zone

        parse_zone(value)
        return value


class DeliverySettings(_Section):
    tick_seconds: float = Field(5, gt=0)
    lease_seconds: float = Field(120, gt=0)
    max_attempts: int = Field(8, ge=1)
    retry_base_seconds: float = Field(5, gt=0)
    retry_max_seconds: float = Field(3600, gt=0)
    telegram_global_per_second: float = Field(30, gt=0)
    telegram_chat_per_second: float = Field(1, gt=0)
    telegram_group_per_minute: float = Field(20, gt=0)
    discord_global_per_second: float = Field(50, gt=0)
    discord_channel_per_second: float = Field(5, gt=0)


class RetentionSettings(_Section):
    article_days: float = Field(90, gt=0)
    delivery_days: float = Field(30, gt=0)


class TelegramSettings(_Section):
    api_base_url: str = ""
    mode: Literal["polling", "webhook"] = "polling"
    webhook_url: str = ""  # the public URL; its path is served on the http server
    admins: list[int] = Field(default_factory=list)


class DiscordSettings(_Section):
    api_base_url: str = ""
    gateway_url: str = ""
    admins: list[int] = Field(default_factory=list)
    admin_role: str = ""
    sync_guilds: list[int] = Field(default_factory=list)
    # Sharding (several chat processes): 0 = one unsharded gateway session (the default);
    # else this process runs the shards ``shard_ids`` (empty = all) of ``shard_count``.
    shard_count: int = Field(0, ge=0, le=10_000)
    shard_ids: list[int] = Field(default_factory=list)

    @model_validator(mode="after")
    def _shards(self) -> DiscordSettings:
        if self.shard_ids and not self.shard_count:
            raise ValueError("discord.shard_ids needs discord.shard_count")
        if any(not 0 <= i < self.shard_count for i in self.shard_ids):
            raise ValueError(f"discord.shard_ids must lie in 0..{self.shard_count - 1}")
        if len(set(self.shard_ids)) != len(self.shard_ids):
            raise ValueError("discord.shard_ids repeats a shard")
        return self


class WorkersSettings(_Section):
    """Several processes on one PostgreSQL store: heartbeats and how soon a silent worker
    counts as dead (its claimed feeds and deliveries then go back to the queue)."""

    heartbeat_seconds: float = Field(2, gt=0, le=60)
    stale_seconds: float = Field(10, gt=0, le=600)
    # A chat process's part of the overall send budget next to a deliver process's (1).
    chat_weight: float = Field(1.0, gt=0, le=1)


class HttpSettings(_Section):
    """The one HTTP server: /healthz, /metrics and the Telegram webhook (0 = off)."""

    port: int = Field(0, ge=0, le=65535)
    host: str = "127.0.0.1"


class WebSettings(_Section):
    """The admin panel, under /admin/ on the one HTTP server (0 = off). With http.port
    set, web.port must be the same port; alone, it opens the server on web.host."""

    port: int = Field(0, ge=0, le=65535)
    host: str = "127.0.0.1"
    public_url: str = ""  # as admins reach it (a reverse proxy's https:// URL); login links use it
    # Reverse proxies (addresses or CIDRs) whose X-Forwarded-For is believed: the login
    # limit then counts the client the proxy saw. Empty: the direct peer is the client.
    trusted_proxies: list[str] = Field(default_factory=list)

    @field_validator("trusted_proxies")
    @classmethod
    def _proxies(cls, value: list[str]) -> list[str]:
        for cidr in value:
            try:
                ipaddress.ip_network(cidr.strip(), strict=False)
            except ValueError as exc:
                raise ValueError(f"{cidr!r} is not an address or CIDR network ({exc})") from None
        return [c.strip() for c in value]

    @field_validator("public_url")
    @classmethod
    def _public(cls, value: str) -> str:
        value = value.strip().rstrip("/")
        if value and not value.startswith(("http://", "https://")):
            raise ValueError("must start with http:// or https://")
        return value


class FeedSeed(_Section):
    url: str
    name: str = ""
    category: str = ""


class Settings(BaseModel):
    model_config = ConfigDict(extra="forbid")

    data_dir: Path = Path("./data")
    database_url: str = ""
    log_level: Literal["DEBUG", "INFO", "WARNING", "ERROR"] = "INFO"
    allowed_networks: list[str] = Field(default_factory=list)
    topics_file: str = ""
    # How long a stopping sitrep waits for sends and store writes under way.
    shutdown_timeout: float = Field(10, ge=0, le=600)
    poll: PollSettings = Field(default_factory=lambda: PollSettings())
    briefing: BriefingSettings = Field(default_factory=lambda: BriefingSettings())
    digest: DigestSettings = Field(default_factory=lambda: DigestSettings())
    delivery: DeliverySettings = Field(default_factory=lambda: DeliverySettings())
    retention: RetentionSettings = Field(default_factory=lambda: RetentionSettings())
    telegram: TelegramSettings = Field(default_factory=lambda: TelegramSettings())
    discord: DiscordSettings = Field(default_factory=lambda: DiscordSettings())
    http: HttpSettings = Field(default_factory=lambda: HttpSettings())
    web: WebSettings = Field(default_factory=lambda: WebSettings())
    workers: WorkersSettings = Field(default_factory=lambda: WorkersSettings())
    feeds: list[FeedSeed] = Field(default_factory=list)
    # Secrets: never read from TOML (see load_settings).
    telegram_bot_token: SecretStr | None = None
    discord_bot_token: SecretStr | None = None
    telegram_webhook_secret: SecretStr | None = None
    web_secret: SecretStr | None = None  # signs panel sessions; generated when unset

    @model_validator(mode="after")
    def _one_server(self) -> Settings:
        if self.web.port and self.http.port and self.web.port != self.http.port:
            raise ValueError(
                "web.port: the panel is served on the one HTTP server; "
                "set it to http.port or leave http.port 0"
            )
        return self

    @property
    def web_url(self) -> str:
        """Where admins open the panel (without /admin)."""
        if self.web.public_url:
            return self.web.public_url
        host, port = (
            (self.http.host, self.http.port) if self.http.port else (self.web.host, self.web.port)
        )
        return f"http://{f'[{host}]' if ':' in host else host}:{port}"

    @field_validator("allowed_networks")
    @classmethod
    def _networks(cls, value: list[str]) -> list[str]:
        for cidr in value:
            try:
                ipaddress.ip_network(cidr, strict=False)
            except ValueError as exc:
                raise ValueError(f"{cidr!r} is not a CIDR network ({exc})") from None
        return value

    @field_validator("database_url")
    @classmethod
    def _database(cls, value: str) -> str:
        return normalise_database_url(value)

    @property
    def effective_database_url(self) -> str:
        if self.database_url:
            return self.database_url
        return f"sqlite+aiosqlite:///{(self.data_dir / 'sitrep.db').as_posix()}"

    @property
    def topics_path(self) -> Path:
        return Path(self.topics_file) if self.topics_file else CONFIG_DIR / "topics.toml"


DATABASE_FORMS = "sqlite:///PATH, postgres://USER:PASSWORD@HOST:PORT/DB or postgresql://…"
_DRIVERS = {
    "sqlite": "sqlite+aiosqlite",
    "sqlite+aiosqlite": "sqlite+aiosqlite",
    "postgres": "postgresql+asyncpg",
    "postgresql": "postgresql+asyncpg",
    "postgresql+asyncpg": "postgresql+asyncpg",
}


def normalise_database_url(value: str) -> str:
    """A database URL with sitrep's async driver chosen (``postgres://`` as hosting
    providers hand it out becomes ``postgresql+asyncpg://``; libpq's ``sslmode`` becomes
    asyncpg's ``ssl``); ValueError if unusable. (Plain URL handling: SQLAlchemy stays in
    the store.)"""
    value = value.strip()
    if not value:
        return ""
    scheme, sep, rest = value.partition("://")
    if not sep or not scheme or any(c.isspace() for c in value):
        raise ValueError(f"not a database URL; use {DATABASE_FORMS}")
    driver = _DRIVERS.get(scheme.lower())
    if driver is None:
        raise ValueError(f"{scheme!r} is not supported; use {DATABASE_FORMS}")
    if driver.startswith("sqlite"):
        if not rest.lstrip("/").split("?")[0]:
            raise ValueError(f"the SQLite URL names no file; use {DATABASE_FORMS}")
        return f"{driver}://{rest}"
    parts = urlsplit(f"{driver}://{rest}")
    if not parts.hostname and not parts.path.strip("/"):
        raise ValueError(f"not a database URL; use {DATABASE_FORMS}")
    query = [("ssl" if k == "sslmode" else k, v) for k, v in parse_qsl(parts.query, True)]
    return urlunsplit(parts._replace(query=urlencode(query)))


def _read_toml(path: Path) -> dict[str, Any]:
    try:
        with path.open("rb") as fh:
            return tomllib.load(fh)
    except FileNotFoundError:
        raise SettingsError(f"config: file not found: {path}") from None
    except tomllib.TOMLDecodeError as exc:
        raise SettingsError(f"config: {path} is not valid TOML ({exc})") from None


def _merge(base: dict[str, Any], override: Mapping[str, Any]) -> dict[str, Any]:
    merged = dict(base)
    for key, value in override.items():
        if isinstance(value, Mapping) and isinstance(merged.get(key), dict):
            merged[key] = _merge(merged[key], value)
        else:
            merged[key] = value
    return merged


def _env_value(raw: str, annotation_is_list: bool) -> Any:
    text = raw.strip()
    if annotation_is_list:
        if text.startswith("["):
            try:
                return json.loads(text)
            except json.JSONDecodeError:
                pass
        return [part.strip() for part in text.split(",") if part.strip()]
    return text


def _is_list_field(dotted: str) -> bool:
    model: type[BaseModel] = Settings
    parts = dotted.split(".")
    for part in parts[:-1]:
        field = model.model_fields.get(part)
        annotation = field.annotation if field is not None else None
        if not (isinstance(annotation, type) and issubclass(annotation, BaseModel)):
            return False
        model = annotation
    field = model.model_fields.get(parts[-1])
    return field is not None and "list" in str(field.annotation)


def _set_dotted(data: dict[str, Any], dotted: str, value: Any) -> None:
    parts = dotted.split(".")
    node = data
    for part in parts[:-1]:
        node = node.setdefault(part, {})
        if not isinstance(node, dict):
            raise SettingsError(f"{dotted}: cannot set inside a non-table value")
    node[parts[-1]] = value


def _env_overrides(env: Mapping[str, str]) -> dict[str, Any]:
    data: dict[str, Any] = {}
    for name, raw in env.items():
        if name in ENV_ALIASES:
            dotted = ENV_ALIASES[name]
        elif name.startswith(ENV_PREFIX) and name not in ("SITREP_CONFIG", *WEB_SECRET_VARS):
            dotted = name[len(ENV_PREFIX) :].lower().replace("__", ".")
        else:
            continue
        if dotted == "feeds" or dotted.split(".")[0] in ("telegram_bot_token", "discord_bot_token"):
            continue
        _set_dotted(data, dotted, _env_value(raw, _is_list_field(dotted)))
    return data


def read_secret(name: str, env: Mapping[str, str]) -> str | None:
    """A secret from ``NAME`` or from the file named by ``NAME_FILE``."""
    value = env.get(name)
    file_name = env.get(f"{name}_FILE")
    if value and file_name:
        raise SettingsError(f"{name}: set either {name} or {name}_FILE, not both")
    if file_name:
        try:
            value = Path(file_name).read_text(encoding="utf-8").strip()
        except OSError as exc:
            raise SettingsError(f"{name}_FILE: cannot read {file_name} ({exc.strerror})") from None
    return value or None


_ALIAS_OF = {dotted: name for name, dotted in ENV_ALIASES.items()}


def _describe(exc: ValidationError) -> str:
    first = exc.errors()[0]
    key = ".".join(str(part) for part in first["loc"]) or "settings"
    if key in _ALIAS_OF:
        key = f"{key} ({_ALIAS_OF[key]})"
    message = str(first["msg"]).removeprefix("Value error, ")
    if first["type"] == "extra_forbidden":
        message = "unknown setting"
    return f"{key}: {message}"


def load_settings(
    config_path: str | Path | None = None, env: Mapping[str, str] | None = None
) -> Settings:
    """Defaults, then ``config_path`` (or ``SITREP_CONFIG``), then the environment."""
    env = os.environ if env is None else env
    data = _read_toml(DEFAULT_CONFIG) if DEFAULT_CONFIG.exists() else {}
    path = config_path or env.get("SITREP_CONFIG")
    if path:
        user = _read_toml(Path(path))
        for secret in (
            "telegram_bot_token",
            "discord_bot_token",
            "telegram_webhook_secret",
            "web_secret",
        ):
            if secret in user:
                raise SettingsError(f"{secret}: secrets are read only from the environment")
        if "feeds" in user:
            data["feeds"] = []
        data = _merge(data, user)
    data = _merge(data, _env_overrides(env))
    for secret in SECRETS:
        value = read_secret(secret, env)
        if value:
            data[secret.lower()] = value
    web_secret = read_secret("SITREP_WEB_SECRET", env)
    if web_secret:
        data["web_secret"] = web_secret
    try:
        return Settings.model_validate(data)
    except ValidationError as exc:
        raise SettingsError(_describe(exc)) from None
