"""The admin web panel: server-rendered pages under ``/admin/`` on the one HTTP server.

Login is passwordless (one-time links from ``sitrep admin-link`` or ``/weblogin``); the
session is a signed, HttpOnly, SameSite=Strict cookie; every POST carries a CSRF token.
"""
