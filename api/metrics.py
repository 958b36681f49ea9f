"""Prometheus metrics of the service, on a registry of its own (one per app, so tests never collide).

Counters move in this process (events received, run legs driven by the API, decisions, write-back
failures); gauges that must be true across every worker process (pending approvals, threads by status,
jobs by status) are refreshed from Postgres at scrape time.
"""

from __future__ import annotations

from collections.abc import Iterable

from prometheus_client import CollectorRegistry, Counter, Gauge, Histogram, generate_latest

from graph.state import THREAD_STATUSES
from services.approvals import Decided
from services.operations import Counts

THREADS_HELP = "Graph threads by status (all processes)."
PENDING_HELP = "Threads waiting for a director's decision (all processes)."
JOBS_HELP = "Stored webhook events by job status."
DATABASE_UP_HELP = "1 when the last scrape could read Postgres."
DECISION_BUCKETS = (1, 10, 60, 300, 900, 3600, 4 * 3600, 12 * 3600, 24 * 3600, 3 * 86400, 7 * 86400)


class ServiceMetrics:
    """The metrics the API exposes on /metrics."""

    def __init__(self) -> None:
        self.registry = CollectorRegistry(auto_describe=True)
        r = self.registry
        self.events_received = Counter(
            "procare_ai_webhook_events_received",
            "Webhook deliveries by outcome: accepted, duplicate, bad_signature, unauthorized, forbidden, "
            "invalid_body.",
            ["outcome"],
            registry=r,
        )
        self.runs_started = Counter(
            "procare_ai_runs_started",
            "Graph run legs started by this process (kind: start or resume).",
            ["kind"],
            registry=r,
        )
        self.runs_finished = Counter(
            "procare_ai_runs_finished",
            "Graph run legs finished by this process, by resulting status.",
            ["status"],
            registry=r,
        )
        self.decisions = Counter(
            "procare_ai_decisions", "Director decisions recorded, by decision type.", ["type"], registry=r
        )
        self.decision_latency = Histogram(
            "procare_ai_decision_latency_seconds",
            "Time from a thread's interrupt to the director's decision.",
            buckets=DECISION_BUCKETS,
            registry=r,
        )
        self.writeback_failures = Counter(
            "procare_ai_writeback_failures",
            "Approved write-backs that Procare refused or never answered.",
            registry=r,
        )
        self.pending_approvals = Gauge(
            "procare_ai_pending_approvals",
            PENDING_HELP,
            registry=r,
        )
        self.threads = Gauge("procare_ai_threads", THREADS_HELP, ["status"], registry=r)
        self.jobs = Gauge("procare_ai_event_jobs", JOBS_HELP, ["status"], registry=r)
        self.database_up = Gauge("procare_ai_database_up", DATABASE_UP_HELP, registry=r)

    def decided(self, decided: Decided, decision_types: Iterable[str]) -> None:
        """Count a resume leg the runner accepted: its decisions, the wait, failed write-backs."""
        self.runs_started.labels("resume").inc()
        self.runs_finished.labels(decided.outcome.status).inc()
        for kind in decision_types:
            self.decisions.labels(kind).inc()
        if decided.waited_seconds is not None:
            self.decision_latency.observe(decided.waited_seconds)
        failures = sum(1 for r in decided.outcome.state.results if not r.ok)
        if failures:
            self.writeback_failures.inc(failures)

    def render_for_centers(self, counts: Counts | None) -> bytes:
        """The figures of some centers only (a director's or auditor's): the cross-process gauges from
        `counts`, already scoped, on a registry of their own; this process's counters (webhooks, run
        legs, decisions) span every center and are left out."""
        registry = CollectorRegistry(auto_describe=True)
        up = Gauge("procare_ai_database_up", DATABASE_UP_HELP, registry=registry)
        up.set(0 if counts is None else 1)
        if counts is not None:
            threads = Gauge("procare_ai_threads", THREADS_HELP, ["status"], registry=registry)
            for status in (*THREAD_STATUSES, *counts.threads):
                threads.labels(status).set(counts.threads.get(status, 0))
            pending = Gauge("procare_ai_pending_approvals", PENDING_HELP, registry=registry)
            pending.set(counts.threads.get("awaiting_review", 0))
            jobs = Gauge("procare_ai_event_jobs", JOBS_HELP, ["status"], registry=registry)
            for status, n in counts.jobs.items():
                jobs.labels(status).set(n)
        return generate_latest(registry)

    def render(self, counts: Counts | None) -> bytes:
        """Refresh the cross-process gauges from `counts` (None: the database was unreadable), then render
        the Prometheus text exposition of every metric."""
        if counts is None:
            self.database_up.set(0)
            return generate_latest(self.registry)
        self.database_up.set(1)
        for status in (*THREAD_STATUSES, *counts.threads):
            self.threads.labels(status).set(counts.threads.get(status, 0))
        self.pending_approvals.set(counts.threads.get("awaiting_review", 0))
        for status, n in counts.jobs.items():
            self.jobs.labels(status).set(n)
        return generate_latest(self.registry)
