"""Who is using the inbox, and whether a form post is theirs: the session cookie and CSRF checks.

The cookie (`pcai_session`) is HttpOnly and SameSite=Strict and holds only a random session id
(services.inbox_sessions). Every inbox form carries the session's CSRF token in a hidden field; a post
whose token is missing or wrong is refused with 403 before anything runs. The sign-in form, posted before
there is a session, is protected the same way by a short-lived double-submit cookie.
"""

from __future__ import annotations

import hmac
import secrets
from typing import Annotated

from fastapi import Depends, Request, Response

from api.deps import ServicesDep
from policies.rbac import Permission, action_words
from services.errors import Forbidden
from services.inbox_sessions import SessionRow, current_session

SESSION_COOKIE = "pcai_session"
LOGIN_CSRF_COOKIE = "pcai_login_csrf"
LOGIN_PATH = "/inbox/login"


class SignInRequired(Exception):
    """No live session: the page answers with a redirect to the sign-in form."""

    def __init__(self, next_path: str) -> None:
        super().__init__(next_path)
        self.next_path = next_path


class CsrfRefused(Forbidden):
    """A form post without this session's CSRF token."""

    code = "csrf_refused"


async def inbox_session(request: Request, services: ServicesDep) -> SessionRow:
    """The live session of the request's cookie, else a redirect to sign in."""
    session = await current_session(services, request.cookies.get(SESSION_COOKIE))
    if session is None:
        raise SignInRequired(request.url.path)
    return session


InboxSession = Annotated[SessionRow, Depends(inbox_session)]


def same_token(sent: str | None, expected: str | None) -> bool:
    """Constant-time comparison; a missing token never matches."""
    return bool(sent) and bool(expected) and hmac.compare_digest(str(sent), str(expected))


async def checked_post(request: Request, session: InboxSession) -> SessionRow:
    """The session of a form post whose `csrf_token` field is the session's; else 403."""
    form = await request.form()
    sent = form.get("csrf_token")
    if not same_token(sent if isinstance(sent, str) else None, session.csrf_token):
        raise CsrfRefused("this form has expired or did not come from the inbox; reload the page and retry")
    return session


CheckedPost = Annotated[SessionRow, Depends(checked_post)]


def require_permission(session: SessionRow, permission: Permission) -> None:
    if not session.principal.can(permission):
        raise Forbidden(f"a {session.principal.role} may not {action_words(permission)}")


def set_session_cookie(response: Response, value: str, *, max_age: int, secure: bool) -> None:
    response.set_cookie(
        SESSION_COOKIE, value, max_age=max_age, httponly=True, samesite="strict", secure=secure, path="/inbox"
    )


def set_login_csrf(response: Response, token: str, *, secure: bool) -> None:
    """The sign-in form's double-submit token: the same value in this cookie and in the form."""
    response.set_cookie(
        LOGIN_CSRF_COOKIE, token, max_age=1800, httponly=True, samesite="strict", secure=secure, path="/inbox"
    )


def new_token() -> str:
    return secrets.token_urlsafe(24)
