"""One module per jurisdiction's incident duties (licensing, child protection, parent notice), each row
next to the section it comes from.

`policies/incident_rules.py` collects them into `RULES`; the shapes are in `policies/incident_duties.py`.
"""
