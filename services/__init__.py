"""The use cases: the one place the API, the CLI and the worker's jobs call (ingest, approvals, audit,
runs, scans, tokens, operations, replay), and the graph runner they share."""
