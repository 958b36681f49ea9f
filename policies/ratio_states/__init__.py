"""One module per jurisdiction's ratio table, each row next to the section it comes from.

`policies/ratio_tables.py` collects them into `RULES`; the shapes are in `policies/ratio_model.py`.
"""
