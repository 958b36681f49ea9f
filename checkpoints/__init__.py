"""Persistence: the Postgres pool, LangGraph's checkpointer, project migrations, per-thread locks,
audit queries over checkpoints, and trace export/replay."""
