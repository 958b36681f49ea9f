"""OpenAPI links between operations: which value of an answer feeds which next call (a thread id into its
review, a report id into marking it filed). Clients and fuzzers (schemathesis's stateful runs) follow
them; they change no behaviour."""

from __future__ import annotations


def link(path: str, method: str, parameters: dict[str, str]) -> dict[str, object]:
    """An OpenAPI link: what to call next with a value of this answer (clients and fuzzers follow it)."""
    ref = "#/paths/" + path.replace("~", "~0").replace("/", "~1") + "/" + method
    return {"operationRef": ref, "parameters": parameters}


THREAD_LINKS: dict[str, object] = {
    "GetApproval": link("/approvals/{thread_id}", "get", {"thread_id": "$response.body#/thread_id"}),
    "PostDecisions": link(
        "/approvals/{thread_id}/decisions", "post", {"thread_id": "$response.body#/thread_id"}
    ),
    "GetHistory": link("/threads/{thread_id}/history", "get", {"thread_id": "$response.body#/thread_id"}),
}
"""Links from an answer naming a thread (`thread_id`) to the thread's review, decisions and history."""
