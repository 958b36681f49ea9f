"""Business rules as data plus small pure functions, each next to the regulation it comes from.

Nothing here performs I/O or imports the rest of the product (only `procare_ai.errors` for error types),
so agents, the graph and tests can call the rules directly and a reviewer can audit them in one place.
"""
