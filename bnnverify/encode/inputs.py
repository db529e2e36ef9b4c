"""Order (unary) encoding of an integer input box: x_i = lo_i + sum_k u_ik (encodings/README.md §1).

u_ik <-> x_i >= lo_i + k for 1 <= k <= m_i = hi_i - lo_i, with the chain u_i,k+1 -> u_ik, so the
true u_ik are exactly k = 1 .. x_i - lo_i. Variables are named ("in", i, k) and created on first
use; every network encoded over the same OrderInput shares them (equivalence miters). Another
`name` in place of "in" names the variables of another integer vector (properties.universal:
the perturbation d).

An L0 box (box.l0 = K set, regions.L0Ball) adds its budget in `finish`: per pixel i that has
variables, a literal c_i = ("changed", name, i) with (x_i != x0_i) -> c_i, where x0 = box.center
and k0 = x0_i - lo_i:  x_i > x0_i <=> u_i,k0+1  and  x_i < x0_i <=> not u_i,k0  (either side
absent when x0_i is an end of the pixel's range); then  at most K of the n literals c_i are true,
that is at least n - K of the not c_i, asserted through a literal fixed true by a unit clause.
Every x of the ball has a model (c_i = x_i != x0_i); every model has at most K changed pixels. A
pixel without variables is read by no encoded neuron, and decode keeps it at x0_i.
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np

from bnnverify.encode.sink import ConstraintSink, new_var
from bnnverify.model import Ints
from bnnverify.regions import InputBox


class OrderInput:
    """Order (unary) encoding of the integer input box, variables created on first use."""

    def __init__(self, box: InputBox, name: str = "in") -> None:
        self.box = box
        self.name = name  # the variables are (name, i, k)
        self._made: dict[int, set[int]] = {}  # pixel -> the k of its existing u_ik
        self._ordered: set[tuple[int, int, int]] = set()
        self._all: dict[int, list[int]] = {}  # pixel -> [u_i1, ..., u_im], once asked for
        self._budgeted = False  # the L0 budget is in the formula (finish)

    def unary(self, sink: ConstraintSink, i: int, k: int) -> int:
        """The variable u_ik <-> x_i >= lo_i + k, for 1 <= k <= hi_i - lo_i."""
        assert 1 <= k <= int(self.box.hi[i] - self.box.lo[i]), (i, k)
        self._made.setdefault(i, set()).add(k)
        return new_var(sink, (self.name, i, k))

    def all_unary(self, sink: ConstraintSink, i: int) -> list[int]:
        """[u_i1, ..., u_im]: every unary variable of pixel i (cached: raw neurons ask often)."""
        if i not in self._all:
            m = int(self.box.hi[i] - self.box.lo[i])
            self._all[i] = [self.unary(sink, i, k) for k in range(1, m + 1)]
        return self._all[i]

    def at_least(self, sink: ConstraintSink, i: int, value: int) -> int | bool:
        """The literal of x_i >= value, or its constant truth value on the box."""
        k = int(value) - int(self.box.lo[i])
        if k <= 0:
            return True
        if k > int(self.box.hi[i] - self.box.lo[i]):
            return False
        return self.unary(sink, i, k)

    def finish(self, sink: ConstraintSink) -> None:
        """Emit the L0 budget when the box has one, then u_ik' -> u_ik for consecutive existing
        k < k' (call once all layers are in)."""
        if self.box.l0 is not None and not self._budgeted:
            self._budgeted = True
            self.add_budget(sink, int(self.box.l0))
        for i, ks in self._made.items():
            chain = sorted(ks)
            for k, k_next in zip(chain[:-1], chain[1:], strict=True):
                if (i, k, k_next) not in self._ordered:
                    self._ordered.add((i, k, k_next))
                    sink.add_clause(
                        [-new_var(sink, (self.name, i, k_next)), new_var(sink, (self.name, i, k))]
                    )

    def add_budget(self, sink: ConstraintSink, budget: int) -> None:
        """At most `budget` pixels differ from the box center (the module docstring)."""
        assert self.box.center is not None  # InputBox always sets one
        changed = []
        for i in sorted(self._made):
            k0, m = int(self.box.center[i] - self.box.lo[i]), int(self.box.hi[i] - self.box.lo[i])
            c = new_var(sink, ("changed", self.name, i))
            if k0 < m:  # x_i > x0_i -> c_i
                sink.add_clause([-self.unary(sink, i, k0 + 1), c])
            if k0 > 0:  # x_i < x0_i -> c_i
                sink.add_clause([self.unary(sink, i, k0), c])
            changed.append(c)
        if len(changed) > budget:
            within = new_var(sink, ("l0", self.name))
            sink.add_clause([within])
            sink.add_implied_atleast(within, [-c for c in changed], len(changed) - budget)

    def assumptions(self, sink: ConstraintSink, x: Ints) -> list[int]:
        """Literals fixing every existing u_ik to its value at the input x (flat, in the box)."""
        lits = []
        for i, ks in self._made.items():
            for k in sorted(ks):
                var = new_var(sink, (self.name, i, k))
                lits.append(var if int(x[i]) >= int(self.box.lo[i]) + k else -var)
        return lits

    def decode(self, sink: ConstraintSink, is_true: Callable[[int], bool]) -> Ints:
        """The input a model describes: per pixel, the point of its allowed interval nearest
        the box center (pixels without variables take the center)."""
        lo, hi = self.box.lo, self.box.hi
        x = np.array(self.box.center, dtype=np.int64)
        for i, ks in self._made.items():
            on = [k for k in ks if is_true(new_var(sink, (self.name, i, k)))]
            off = ks.difference(on)
            lower = int(lo[i]) + max(on, default=0)
            upper = int(lo[i]) + min(off, default=int(hi[i] - lo[i]) + 1) - 1
            assert lower <= upper, f"order encoding of pixel {i} violated: {sorted(on)}"
            x[i] = min(max(int(x[i]), lower), upper)
        return x
