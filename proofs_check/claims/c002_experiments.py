"""The experimental sentences of 002 (a later version of 000): 000's seeded checks in 002's words.

002's one-dimensional results are 000's Tables 1-3 and §5; each sentence is a
restatement of the 000 claim that checks the same thing on the same shipped
runs (see ``c000_experiments``).
"""

from __future__ import annotations

from proofs_check.claims.c000_experiments import EXTENSION, ORDERS, REGIONS_PREDICT
from proofs_check.registry import claim_sheet

__all__: list[str] = []

sheet = claim_sheet(__file__)

sheet.restate(ORDERS[1], "002/tldr-orders")
sheet.restate(ORDERS[0], "002/abstract-accuracy")
sheet.restate(EXTENSION, "002/abstract-extension")
sheet.restate(REGIONS_PREDICT, "002/figure-4")
