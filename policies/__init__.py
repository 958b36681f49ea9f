"""Business rules as data plus small pure functions, each next to the regulation it comes from.

Nothing here performs I/O or imports the rest of the product (its error types are its own, in `errors.py`),
so agents, the graph and tests can call the rules directly and a reviewer can audit them in one place.
"""
