"""Draw docs/_static/spirals_regions.png: a TriangleBlockLayer trained on two spirals, its regions and decision boundary.

Run from the repository root (needs torch and matplotlib; about a minute of one CPU core)::

    python docs/make_spirals_figure.py

It prints the numbers quoted in docs/spirals.rst.
"""

import time

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402
import torch  # noqa: E402
from torch import nn  # noqa: E402

from symrelu.experiments.runs.r000_appendix import two_spirals  # noqa: E402
from symrelu.network import ReLUNetwork  # noqa: E402
from symrelu.regions import Box, regions  # noqa: E402
from symrelu.torch_bridge import TriangleBlockLayer  # noqa: E402

OUT = "docs/_static/spirals_regions.png"

torch.set_num_threads(1)
torch.manual_seed(0)
X, y = two_spirals()
X, y = torch.tensor(X), torch.tensor(y, dtype=torch.long)

# 16 convex triangle blocks of depth 5 between two random linear maps, then a plain linear layer
layer = TriangleBlockLayer(2, 16, blocks=16, depth=5, dtype=torch.float64)
model = nn.Sequential(layer, nn.Linear(16, 2, dtype=torch.float64))
loss_fn = nn.CrossEntropyLoss()


def train(epochs, lr, project=None):
    opt = torch.optim.Adam(model.parameters(), lr=lr)  # a fresh Adam: the parameters change at the switch
    for _ in range(epochs):
        opt.zero_grad()
        loss_fn(model(X), y).backward()
        opt.step()
        if project is not None:
            project()
    with torch.no_grad():
        out = model(X)
    return loss_fn(out, y).item(), (out.argmax(1) == y).double().mean().item()


start = time.perf_counter()
print("after peak pretraining: cross-entropy %.3g, accuracy %.3f" % train(1000, 1e-2, layer.project_))
layer.to_raw_("dense")                     # same function, now raw dense 64 x 64 matrices
print("after raw training:     cross-entropy %.3g, accuracy %.3f" % train(1000, 1e-3))  # lowered (000 A.9)
print(f"training: {time.perf_counter() - start:.0f} s")


def relu_network(model):
    """The trained model as a ReLUNetwork whose one output is logit 1 - logit 0 (> 0: class 1)."""
    layer, head = model
    with torch.no_grad():
        hidden = [((W * layer.mask if l > 0 and layer.mode == "block-diagonal" else W).numpy(), b.numpy())
                  for l, (W, b) in enumerate(zip(layer.hidden, layer.hidden_bias))]
        W = head.weight @ layer.output.weight          # the two linear maps after the last ReLU, composed
        b = head.weight @ layer.output.bias + head.bias
    diff = np.array([[-1.0, 1.0]])
    return ReLUNetwork(hidden + [(diff @ W.numpy(), diff @ b.numpy())], exact=False)


net = relu_network(model)
with torch.no_grad():
    gap = (model(X)[:, 1] - model(X)[:, 0]).numpy()
assert np.allclose(net.forward(X.numpy()).ravel(), gap, rtol=0, atol=1e-9)

start = time.perf_counter()
c = regions(net, Box([-1.1, -1.1], [1.1, 1.1]), exact=False)
boundary = c.decision_boundary()
print(f"{len(c)} linear regions on [-1.1, 1.1]^2, {len(boundary.segments)} boundary segments "
      f"({time.perf_counter() - start:.0f} s)")

fig, ax = plt.subplots(figsize=(4.6, 4.6))
c.plot(color="class", edges=False, points=X.numpy(), labels=y.numpy(), ax=ax,
       title=f"two spirals: {len(c)} linear regions")
fig.tight_layout()
fig.savefig(OUT, dpi=72)
print("wrote", OUT)
