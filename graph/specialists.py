"""Registry of specialist agents: graph node name -> `run(event, ctx)`.

The supervisor's routing table (graph/supervisor.py) names these nodes; adding a specialist means one
entry here and its event types there.
"""

from __future__ import annotations

from agents import credentials, payroll, ratios, reviews
from graph.nodes import AgentRunFn

SPECIALISTS: dict[str, AgentRunFn] = {
    "credentials": credentials.run,
    "payroll": payroll.run,
    "ratios": ratios.run,
    "reviews": reviews.run,
}
