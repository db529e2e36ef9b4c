"""Distance objectives over order-encoded integer inputs (minimal perturbation, bnnverify.minimal).

The inputs are OrderInput's u_ik <-> x_i >= lo_i + k (encode/inputs.py); x0 is the box center and
only the pixels the formula reads get objective literals (`encoded_pixels`: those with unary
variables; every other pixel is x0_i in every decoded model). Both objectives are soft unit
clauses of weight 1 whose optimum cost is the distance:

- L-inf, radius R: z_r ("some pixel moves by >= r") for r = 1..R with
  (x_i >= x0_i + r) -> z_r and (x_i <= x0_i - r) -> z_r (= not (x_i >= x0_i - r + 1)) for every
  pixel i, z_(r+1) -> z_r, soft clauses (not z_r);
- L0: c_i ("pixel i changed") with (x_i >= x0_i + 1) -> c_i and (x_i <= x0_i - 1) -> c_i, soft
  clauses (not c_i).

Any x of the box has a model of cost |x - x0| (z_r = [r <= |x - x0|_inf], c_i = [x_i != x0_i]:
every clause holds, the chain too). Any model decodes (OrderInput.decode: per pixel the allowed
value nearest x0) to an x with |x - x0| <= cost: a pixel decoded at x0_i + d (d >= 1) has
x_i >= x0_i + r true for every r <= d (the decoded value is the least allowed one), which forces
z_1..z_d (or c_i); likewise below. So min cost = min distance over the box's violating inputs.
A literal that is a constant on the box (x0_i + r beyond hi_i, x0_i - r below lo_i) needs no
clause: the pixel cannot move that far.
"""

from __future__ import annotations

from collections.abc import Sequence

from bnnverify.encode.inputs import OrderInput
from bnnverify.encode.sink import ConstraintSink, new_var
from bnnverify.model import Ints

__all__ = ["add_l0_objective", "add_linf_objective", "encoded_pixels"]


def encoded_pixels(sink: ConstraintSink, inputs: OrderInput, x0: Ints) -> list[int]:
    """The pixels with unary variables ("in", i, k): those the formula reads."""
    names = (sink.pool.obj(abs(lit)) for lit in inputs.assumptions(sink, x0))
    return sorted({int(name[1]) for name in names})


def add_linf_objective(
    sink: ConstraintSink, inputs: OrderInput, pixels: Sequence[int], x0: Ints, radius: int
) -> list[int]:
    """z_r for r = 1..radius (module docstring); returns the soft literals not z_r."""
    moved = [new_var(sink, ("moved", r)) for r in range(1, radius + 1)]
    for r, z in enumerate(moved, start=1):
        for i in pixels:
            up = inputs.at_least(sink, i, int(x0[i]) + r)  # x_i >= x0_i + r
            if not isinstance(up, bool):  # a constant: the box ends before x0_i + r
                sink.add_clause([-up, z])
            down = inputs.at_least(sink, i, int(x0[i]) - r + 1)  # not down: x_i <= x0_i - r
            if not isinstance(down, bool):
                sink.add_clause([down, z])
    for z_next, z in zip(moved[1:], moved[:-1], strict=True):
        sink.add_clause([-z_next, z])
    return [-z for z in moved]


def add_l0_objective(
    sink: ConstraintSink, inputs: OrderInput, pixels: Sequence[int], x0: Ints
) -> list[int]:
    """c_i per pixel (module docstring); returns the soft literals not c_i."""
    changed = []
    for i in pixels:
        c = new_var(sink, ("changed", i))
        up = inputs.at_least(sink, i, int(x0[i]) + 1)
        if not isinstance(up, bool):
            sink.add_clause([-up, c])
        down = inputs.at_least(sink, i, int(x0[i]))
        if not isinstance(down, bool):
            sink.add_clause([down, c])
        changed.append(c)
    return [-c for c in changed]
