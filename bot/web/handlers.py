"""The panel's request handlers: every page checks the session, every POST its CSRF token."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import TYPE_CHECKING, Any
from urllib.parse import urlencode

from jinja2 import Environment, PackageLoader, select_autoescape
from markupsafe import Markup
from tornado.web import HTTPError, RequestHandler, create_signed_value, decode_signed_value

from bot.web.panel import SESSION_TTL
from bot.web.views import deliveries_view, feeds_view, overview_view, quotes_view, subs_view

if TYPE_CHECKING:
    from bot.store.web_auth import WebSession
    from bot.web.panel import WebPanel

COOKIE = "sitrep_session"
SESSION_DAYS = SESSION_TTL / timedelta(days=1)  # the cookie's signature expires with it
CSP = (
    "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self'; "
    "connect-src 'self'; form-action 'self'; base-uri 'none'; frame-ancestors 'none'"
)
TEMPLATES = Environment(
    loader=PackageLoader("bot.web", "templates"),
    autoescape=select_autoescape(default=True, default_for_string=True),
    trim_blocks=True,
    lstrip_blocks=True,
)


def _when(value: datetime | None) -> str:
    return "" if value is None else value.astimezone(UTC).strftime("%Y-%m-%d %H:%M")


def _listed(value: str) -> str:
    return ", ".join(v for v in value.split("\x1f") if v)


TEMPLATES.filters["when"] = _when
TEMPLATES.tests["datetime"] = lambda value: isinstance(value, datetime)
TEMPLATES.filters["listed"] = _listed


class Base(RequestHandler):
    panel: WebPanel
    session: WebSession | None = None
    public = False  # the login page is the only one without a session

    def initialize(self, panel: WebPanel) -> None:
        self.panel = panel

    def set_default_headers(self) -> None:
        self.set_header("Content-Security-Policy", CSP)
        self.set_header("X-Content-Type-Options", "nosniff")
        self.set_header("Referrer-Policy", "no-referrer")
        self.set_header("X-Frame-Options", "DENY")
        self.set_header("Cache-Control", "no-store")

    def get_current_user(self) -> str | None:
        return self.session.user if self.session is not None else None

    def session_id(self) -> str | None:
        """The session id the signed cookie carries (None without a valid signature)."""
        raw = self.get_cookie(COOKIE)
        if not raw:
            return None
        value = decode_signed_value(self.panel.secret, COOKIE, raw, max_age_days=SESSION_DAYS)
        return value.decode() if value else None

    async def prepare(self) -> None:
        if self.request.method == "POST":
            self.check_xsrf_cookie()  # 403 without a matching token
        session_id = self.session_id()
        if session_id:
            self.session = await self.panel.session(session_id)
        if not self.public and self.session is None:
            if self.request.method != "GET":
                raise HTTPError(403, "no session")
            self.set_status(401)
            self.page("login.html", token="", error="")

    def page(self, template: str, **context: Any) -> None:
        html = TEMPLATES.get_template(template).render(
            csrf=Markup(self.xsrf_form_html()),  # noqa: S704 (tornado escapes the token)
            actor=self.current_user or "",
            path=self.request.path,
            flash=self.get_argument("msg", ""),
            **context,
        )
        self.finish(html)

    def back(self, where: str, message: str) -> None:
        self.redirect(f"{where}?{urlencode({'msg': message[:300]})}", status=303)

    async def audit(self, action: str, detail: str) -> None:
        await self.panel.store.audit.record(
            "web", str(self.current_user), action, detail, now=self.panel.clock()
        )

    def write_error(self, status_code: int, **kwargs: Any) -> None:
        self.finish(
            TEMPLATES.get_template("error.html").render(status=status_code, reason=self._reason)
        )


class Login(Base):
    public = True

    def get(self) -> None:
        self.page("login.html", token=self.get_argument("token", ""), error="")

    async def post(self) -> None:
        client = self.panel.client(self.request)
        if not self.panel.limiter.allow(client):
            self.set_status(429)
            self.page("login.html", token="", error="Too many login attempts; wait a while.")
            return
        now = self.panel.clock()
        found = await self.panel.store.web.use_login(self.get_argument("token", ""), now=now)
        if found is None or not self.panel.is_admin(*found):
            self.set_status(403)
            error = (
                "This link is used or expired."
                if found is None
                else "This link is for someone who is not an admin in the configuration."
            )
            self.page("login.html", token="", error=error)
            return
        session_id = await self.panel.store.web.open_session(
            found[0], found[1], now=now, ttl=SESSION_TTL, client=client
        )
        cookie = create_signed_value(self.panel.secret, COOKIE, session_id).decode()
        self.set_cookie(
            COOKIE,
            cookie,
            httponly=True,
            samesite="Strict",
            secure=self.panel.secure,
            path="/admin",
            expires=datetime.now(UTC) + SESSION_TTL,
        )
        self.session = await self.panel.store.web.session(session_id, now=now)
        await self.audit("web.login", f"one-time link, from {client}")
        self.redirect("/admin/", status=303)


class Logout(Base):
    async def post(self) -> None:
        session_id = self.session_id()
        if session_id:
            await self.panel.store.web.end_session(session_id)
        await self.audit("web.logout", "")
        self.clear_cookie(COOKIE, path="/admin")
        self.redirect("/admin/login", status=303)


class Sessions(Base):
    async def get(self) -> None:
        sessions = await self.panel.store.web.sessions(now=self.panel.clock())
        self.page("sessions.html", sessions=sessions, mine=self.session)


class SessionRevoke(Base):
    async def post(self, session_id: str) -> None:
        done = await self.panel.store.web.revoke_session(int(session_id))
        if done:
            await self.audit("web.session.revoke", f"#{session_id}")
        self.back("/admin/sessions", f"Session #{session_id} ended" if done else "No such session")


class SessionsRevokeAll(Base):
    async def post(self) -> None:
        await self.audit("web.session.revoke_all", "every session and unused login link")
        sessions, links = await self.panel.store.web.revoke_all()
        self.clear_cookie(COOKIE, path="/admin")
        message = f"Ended {sessions} sessions and {links} unused login links; log in again."
        self.redirect(f"/admin/login?{urlencode({'msg': message})}", status=303)


class Overview(Base):
    async def get(self) -> None:
        self.page("overview.html", **await overview_view(self.panel))


class Feeds(Base):
    async def get(self) -> None:
        args = {k: self.get_argument(k, "") for k in ("status", "q", "sort")}
        number = self.get_argument("page", "1")
        page = int(number) if number.isdigit() else 1
        self.page("feeds.html", **await feeds_view(self.panel, **args, page=page), args=args)


class FeedAdd(Base):
    async def post(self) -> None:
        from bot.ingest.feed_admin import FeedAdminError

        admin = self.panel.feed_admin(str(self.current_user), "web")
        try:
            message = await admin.add(
                self.get_argument("url", ""),
                name=self.get_argument("name", ""),
                category=self.get_argument("category", ""),
            )
        except FeedAdminError as exc:
            message = str(exc)
        self.back("/admin/feeds", message)


class FeedImport(Base):
    async def post(self) -> None:
        from bot.ingest.feed_admin import FeedAdminError

        files = self.request.files.get("opml") or []
        admin = self.panel.feed_admin(str(self.current_user), "web")
        try:
            message = await admin.import_opml(files[0].body if files else b"")
        except FeedAdminError as exc:
            message = str(exc)
        self.back("/admin/feeds", message)


class FeedExport(Base):
    async def get(self) -> None:
        admin = self.panel.feed_admin(str(self.current_user), "web")
        self.set_header("Content-Type", "text/x-opml; charset=utf-8")
        self.set_header("Content-Disposition", 'attachment; filename="sitrep-feeds.opml"')
        self.finish(await admin.export_opml())


class FeedAction(Base):
    async def post(self, feed_id: str, action: str) -> None:
        from bot.ingest.feed_admin import FeedAdminError

        admin = self.panel.feed_admin(str(self.current_user), "web")
        try:
            message = await getattr(admin, action)(feed_id)
        except FeedAdminError as exc:
            message = str(exc)
        self.back("/admin/feeds", message)


class Deliveries(Base):
    async def get(self) -> None:
        state = self.get_argument("state", "dead")
        self.page("deliveries.html", **await deliveries_view(self.panel, state))


class DeliveryAction(Base):
    async def post(self, delivery_id: str, action: str) -> None:
        web = self.panel.store.web
        if action == "retry":
            done = await web.retry_delivery(int(delivery_id), self.panel.clock())
        else:
            done = await web.drop_delivery(int(delivery_id))
        if done:
            await self.audit(f"web.delivery.{action}", f"#{delivery_id}")
        message = f"Delivery #{delivery_id}: {action} {'done' if done else 'not possible now'}"
        self.back("/admin/deliveries", message)


class Subscriptions(Base):
    async def get(self) -> None:
        platform = self.get_argument("platform", "")
        self.page("subscriptions.html", **await subs_view(self.panel, platform))


class SubscriptionAction(Base):
    async def post(self, sub_id: str, action: str) -> None:
        active = action == "reactivate"
        reason = f"deactivated by {self.current_user} (web)"
        done = await self.panel.store.web.set_subscription_active(int(sub_id), active, reason)
        if done:
            await self.audit(f"web.subscription.{action}", f"#{sub_id}")
        self.back(
            "/admin/subscriptions",
            f"Subscription #{sub_id}: {action}d" if done else "No such subscription",
        )


class Quotes(Base):
    async def get(self) -> None:
        args = {k: self.get_argument(k, "") for k in ("speaker", "topic", "feed", "since", "until")}
        self.page("quotes.html", **await quotes_view(self.panel, args), args=args)
