"""Claims of 000 §5 about linear regions on the plane (Figure 8), via `symrelu.regions`.

Figure 8 compares the trained networks' linear regions by eye; 000 gives
neither the trained weights nor a count.  What is computable is the count at
initialization: the two-block construction (`symrelu.experiments.blocks`,
exported to raw weights as for the switch to free training) against a
default (Kaiming) network of the paper's 8 x 5 architecture, both exact on
[-1, 1]^2.
"""

from __future__ import annotations

from proofs_check.claim import inconclusive, refuted
from proofs_check.registry import claim_sheet
from symrelu.regions import Box, regions

sheet = claim_sheet(__file__)


def _networks(seed=0):
    import math

    import numpy as np

    from symrelu.experiments.blocks import BlockNetworks
    from symrelu.experiments.protocol import Config
    from symrelu.torch_bridge import default_networks

    cfg = Config()
    rng = np.random.default_rng(seed + 7)  # as run_blocks draws them
    peaks = rng.uniform(cfg.margin, 1 - cfg.margin, size=(1, 2, cfg.depth + 1))
    # random input directions for r^3, drawn as run_blocks draws them (000 §5, Fig. 9): |P x| <= 1/2 on [-1, 1]^2
    theta = rng.uniform(0, 2 * math.pi, size=(1, 2))
    P, q = np.stack([np.cos(theta), np.sin(theta)], -1) / (2 * math.sqrt(2)), np.full((1, 2), 0.5)
    blocks = BlockNetworks(peaks, P, q, (1.0, 1.0), margin=cfg.margin).to_batched().network(0)
    standard = default_networks(1, (2,) + (8,) * 5 + (1,), seed=seed + 11).network(0)
    return blocks, standard


def _check_fig8(data):
    try:
        blocks, standard = _networks()
    except ImportError as err:  # the torch extra
        return inconclusive(f"needs the torch extra to build the networks ({err})")
    dom = Box([-1, -1], [1, 1])
    nb = len(regions(blocks, dom, exact=True))
    ns = len(regions(standard, dom, exact=True))
    more = nb > ns
    if more != data["blocks_have_more"]:
        return refuted(f"at initialization the two-block network has {nb} regions and the default 8x5 {ns}",
                       counterexample={"blocks": nb, "standard": ns})
    return inconclusive(
        f"the figure's networks are trained; 000 gives neither their weights nor a region count, so the trained "
        f"comparison cannot be recomputed exactly. At initialization (exact, [-1, 1]^2): two-block network "
        f"{blocks.widths} has {nb} regions, a default 8x5 network (Kaiming, seed 11) {ns}")


sheet.claim("000/figure-8", data={"blocks_have_more": True},
            perturb=lambda d: {"blocks_have_more": not d["blocks_have_more"]})(_check_fig8)
