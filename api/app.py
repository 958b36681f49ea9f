"""The FastAPI application factory. Nothing is created at import time: `create_app(...)` builds it.

The caller (CLI `serve`, the demo, tests) opens the services (procare_ai.wiring) and checks the schema;
the app only uses them.
"""

from __future__ import annotations

from pathlib import Path

from fastapi import FastAPI
from fastapi.staticfiles import StaticFiles
from fastapi.templating import Jinja2Templates

from api import (
    routes_director,
    routes_events,
    routes_inbox,
    routes_inbox_review,
    routes_ingest,
    routes_ops,
    routes_reports,
    routes_skills,
)
from api.config import ApiConfig
from api.errors import install_error_handlers
from api.inbox_auth import SignInRequired
from api.metrics import ServiceMetrics
from api.request_guards import RefuseNulInUrl
from api.security_headers import InboxSecurityHeaders
from services.context import Services
from tools.errors import ConfigError

TEMPLATES = Path(__file__).parent / "templates"
STATIC = Path(__file__).parent / "static"

DESCRIPTION = """procare-ai: AI workflows over Procare staff data; directors approve every write-back.

Authenticate with `Authorization: Bearer <token>` (create tokens with `procare-ai tokens create`).
Roles: `director` (decides for their centers), `hr_admin` (all centers), `auditor` (reads, never decides),
`service` (webhooks only). Threads of centers you cannot see answer 404. Errors are JSON
`{"error": code, "message": ...}`.
"""


def create_app(services: Services, config: ApiConfig, *, metrics: ServiceMetrics | None = None) -> FastAPI:
    """Build the API around `services`; refuses to start without a webhook secret or a job queue."""
    if config.webhook_secret is None:
        raise ConfigError("PROCARE_AI_WEBHOOK_SECRET must be set (whsec_<base64>) before the API can start")
    if services.enqueuer is None:
        raise ConfigError("the API needs the job queue open (services.enqueuer) to accept webhooks")
    app = FastAPI(title="procare-ai", version="0.1.0", description=DESCRIPTION)
    app.state.services = services
    app.state.config = config
    app.state.metrics = metrics or ServiceMetrics()
    app.state.templates = Jinja2Templates(directory=str(TEMPLATES))
    install_error_handlers(app, page_for=routes_inbox.error_page)
    app.add_exception_handler(SignInRequired, routes_inbox.sign_in_redirect)
    app.add_middleware(InboxSecurityHeaders)
    app.add_middleware(RefuseNulInUrl)
    app.include_router(routes_ingest.router)
    app.include_router(routes_director.router)
    app.include_router(routes_ops.router)
    app.include_router(routes_reports.router)
    app.include_router(routes_events.router)
    app.include_router(routes_skills.router)
    app.include_router(routes_inbox.router)
    app.include_router(routes_inbox_review.router)
    app.mount("/inbox/static", StaticFiles(directory=str(STATIC)), name="inbox-static")
    return app
