"""The VNN-LIB syntax: tokens -> s-expressions -> declarations, input bounds, output DNF.

`read_commands` does one pass over the text (one regex tokenizer, a stack-based s-expression
reader, then one small recursive walk per assert); `vnnlib.parse_vnnlib` turns its result into a
`Spec`. Comparisons are normalised to `e >= 0` (or `e > 0` when strict):
  (<= a b) -> b - a >= 0,   (>= a b) -> a - b >= 0,   (< a b) -> b - a > 0,
  (> a b)  -> a - b > 0,    (= a b)  -> a - b >= 0 and b - a >= 0,
chained forms (<= a b c) meaning (and (<= a b) (<= b c)), as in SMT-LIB.

Over 300 lines: the tokenizer, the s-expression reader and the command walk are one grammar,
read in one pass; split, each piece would only make sense beside the others.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from fractions import Fraction

from bnnverify.errors import UsageError

__all__ = ["Atom", "Commands", "read_commands"]

Var = tuple[str, int]  # ("X", i) or ("Y", j)

_TOKEN = re.compile(r"\n|;[^\n]*|[()]|[^\s();]+")
_VARIABLE = re.compile(r"([XY])_(0|[1-9]\d*)\Z")
_IGNORED = frozenset({"check-sat", "get-model", "exit", "set-logic", "set-info"})
_COMPARISONS = frozenset({"<=", ">=", "<", ">", "="})
_NUM = r"[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?"  # decimal or scientific, read exactly
_NUMBER = re.compile(_NUM + r"\Z")
_FAST = re.compile(  # (assert (<= X_i c)) | (declare-const V_i Real), alone on a line
    rf"^[ \t]*\((?:assert \((<=|>=) X_(0|[1-9]\d*) ({_NUM})\)|declare-const ([XY])_(0|[1-9]\d*) "
    r"Real)\)[ \t]*\r?$",
    re.MULTILINE,
)
_FAST_MARK = "\x00"  # stands for a line read by _FAST, so the reader sees where it was
MAX_DISJUNCTS = 100_000  # the DNF of the output condition is built explicitly


class _List(list):  # type: ignore[type-arg]
    """An s-expression list that remembers the line where it opened."""

    __slots__ = ("line",)
    line: int


@dataclass(frozen=True)
class Atom:
    """sum_v coeffs[v] * v + constant >= 0 (> 0 when strict), read on `line`."""

    coeffs: dict[Var, Fraction]
    constant: Fraction
    strict: bool
    line: int

    def kinds(self) -> set[str]:
        return {kind for (kind, _), a in self.coeffs.items() if a != 0}


@dataclass
class Commands:
    """What the commands of one file say, before the checks that need the whole file.

    A line of None was read by the fast regex; `line_of` finds it again for an error message.
    """

    source: str
    text: str
    decl_line: dict[Var, int | None] = field(default_factory=dict)
    lo: dict[int, tuple[Fraction, int | None]] = field(default_factory=dict)  # i -> (bound, line)
    hi: dict[int, tuple[Fraction, int | None]] = field(default_factory=dict)
    output_dnf: list[list[Atom]] = field(default_factory=lambda: [[]])  # true until asserted
    numbers: dict[str, Fraction] = field(default_factory=dict)  # token -> value (a cache)

    @property
    def n_inputs(self) -> int:
        return self._count("X")

    @property
    def n_outputs(self) -> int:
        return self._count("Y")

    def _count(self, kind: str) -> int:
        indices = sorted(i for k, i in self.decl_line if k == kind)
        for expected, i in enumerate(indices):
            if i != expected:
                raise self.error(
                    self.decl_line_of((kind, i)),
                    f"{kind}_{i} is declared but {kind}_{expected} is not ({kind}_0.. must be "
                    "consecutive)",
                )
        return len(indices)

    def error(self, line: int, message: str) -> UsageError:
        return UsageError(f"{self.source}:{line}: {message}")

    def find_line(self, pattern: str, last: bool = False) -> int:
        """The line of the first (or last) match of a regex in the text; 0 when none."""
        starts = [m.start() for m in re.finditer(pattern, self.text, re.MULTILINE)]
        return self.text.count("\n", 0, starts[-1 if last else 0]) + 1 if starts else 0

    def decl_line_of(self, var: Var) -> int:
        line = self.decl_line.get(var)
        return line or self.find_line(rf"\(\s*declare-const\s+{var[0]}_{var[1]}(?!\d)")

    def bound_line_of(self, i: int, line: int | None) -> int:
        return line or self.find_line(_bound_pattern(i), last=True)

    def declare(self, var: Var, line: int | None) -> None:
        if var in self.decl_line:
            first = self.decl_line_of(var)
            pattern = rf"\(\s*declare-const\s+{var[0]}_{var[1]}(?!\d)"
            raise self.error(
                line or self.find_line(pattern, last=True),
                f"'{var[0]}_{var[1]}' is declared twice (first on line {first})",
            )
        self.decl_line[var] = line

    def number(self, token: str) -> Fraction | None:
        value = self.numbers.get(token)
        if value is None and _NUMBER.match(token):
            value = self.numbers[token] = Fraction(token)
        return value

    def variable(self, token: str, line: int) -> Var:
        m = _VARIABLE.match(token)
        var = (m.group(1), int(m.group(2))) if m else None
        if var is None or var not in self.decl_line:
            raise self.error(line, f"'{token}' is used but not declared")
        return var

    def bound(self, i: int, value: Fraction, lower: bool, line: int | None) -> None:
        bounds = self.lo if lower else self.hi
        old = bounds.get(i)
        if old is None or (value > old[0] if lower else value < old[0]):
            bounds[i] = (value, line)


def read_commands(text: str, source: str) -> Commands:
    """Declarations first (a name may be used anywhere in the file), then the asserts in order.

    The lines that are plainly `(declare-const V Real)` or `(assert (<= X_i c))` / `(>= X_i c)`,
    nearly all lines of a file, are read by one regex in C; the rest by the s-expression reader.
    Their lines are only looked up for an error message.
    """
    out = Commands(source, text)
    fast = _FAST.findall(text)
    commands = _read_sexps(_FAST.sub(_FAST_MARK, text), out)
    for _, _, _, kind, index in fast:
        if kind:
            out.declare((kind, int(index)), None)
    for cmd in commands:
        if cmd and cmd[0] == "declare-const":
            _declare(out, cmd)
    for op, index, token, kind, _ in fast:
        if not kind:
            i = int(index)
            if ("X", i) not in out.decl_line:
                line = out.find_line(_bound_pattern(i))
                raise out.error(line, f"'X_{index}' is used but not declared")
            value = out.numbers.get(token)
            if value is None:
                value = out.numbers[token] = Fraction(token)
            out.bound(i, value, op == ">=", None)
    for cmd in commands:
        head = cmd[0] if cmd and isinstance(cmd[0], str) else None
        if head == "assert" and len(cmd) == 2:
            _assert(out, cmd[1], cmd.line)
        elif head == "declare-const" or head in _IGNORED:
            continue
        elif head == "assert":
            raise out.error(cmd.line, f"assert takes one formula, got {len(cmd) - 1}")
        else:
            what = f"'{head}'" if head else "()" if not cmd else "a list"
            raise out.error(cmd.line, f"unsupported command {what} (expected declare-const/assert)")
    return out


def _bound_pattern(i: int) -> str:
    return rf"\((?:<=|>=|<|>|=)\s+X_{i}(?!\d)"


def _read_sexps(text: str, out: Commands) -> list[_List]:
    top: list[_List] = []
    stack: list[_List] = []
    line = 1
    for token in _TOKEN.findall(text):
        if token == "\n":
            line += 1
        elif token == "(":
            node = _List()
            node.line = line
            (stack[-1] if stack else top).append(node)
            stack.append(node)
        elif token == ")":
            if not stack:
                raise out.error(line, "unbalanced parentheses: ')' without '('")
            stack.pop()
        elif token == _FAST_MARK:
            if stack:
                raise out.error(
                    line,
                    f"unbalanced parentheses: a command inside the '(' of line {stack[0].line}",
                )
        elif token[0] != ";":
            if not stack:
                raise out.error(line, f"expected '(' at top level, got '{token}'")
            stack[-1].append(token)
    if stack:
        raise out.error(stack[0].line, "unbalanced parentheses: '(' never closed")
    return top


def _declare(out: Commands, cmd: _List) -> None:
    if len(cmd) != 3 or not all(isinstance(t, str) for t in cmd[1:]):
        raise out.error(cmd.line, "expected (declare-const NAME Real)")
    name, sort = cmd[1], cmd[2]
    m = _VARIABLE.match(name)
    if not m:
        raise out.error(cmd.line, f"variables must be named X_<i> or Y_<j>, got '{name}'")
    if sort != "Real":
        raise out.error(cmd.line, f"only Real variables are supported, got '{name}' of sort {sort}")
    out.declare((m.group(1), int(m.group(2))), cmd.line)


def _assert(out: Commands, formula: object, line: int) -> None:
    dnf = _dnf(out, formula, line)
    has_input = any("X" in atom.kinds() for conj in dnf for atom in conj)
    for atom in (atom for conj in dnf for atom in conj):
        if atom.kinds() == {"X", "Y"}:
            raise out.error(atom.line, "a constraint mixing inputs and outputs is unsupported")
    if has_input and len(dnf) != 1:
        raise out.error(line, "input constraints inside (or ...) are unsupported (one box only)")
    if has_input:
        outputs = [atom for atom in dnf[0] if "X" not in atom.kinds()]
        for atom in dnf[0]:
            if "X" in atom.kinds():
                _input_bound(out, atom)
        dnf = [outputs]
    product = [a + b for a in out.output_dnf for b in dnf]
    if len(product) > MAX_DISJUNCTS:
        raise out.error(line, f"the output condition has over {MAX_DISJUNCTS} disjuncts")
    out.output_dnf = product


def _input_bound(out: Commands, atom: Atom) -> None:
    """a * X_i + c >= 0 is X_i >= -c / a when a > 0 and X_i <= -c / a when a < 0."""
    terms = [(i, a) for (_, i), a in atom.coeffs.items() if a != 0]
    if len(terms) != 1:
        raise out.error(atom.line, "a linear constraint over several inputs is unsupported")
    if atom.strict:
        raise out.error(atom.line, "a strict input bound (< or >) is unsupported")
    i, a = terms[0]
    out.bound(i, -atom.constant / a, a > 0, atom.line)


def _dnf(out: Commands, node: object, line: int) -> list[list[Atom]]:
    """A formula as a list of conjunctions of atoms (the empty list is false)."""
    if isinstance(node, str):
        if node in ("true", "false"):
            return [[]] if node == "true" else []
        raise out.error(line, f"expected a formula, got '{node}'")
    assert isinstance(node, _List)
    head = node[0] if node and isinstance(node[0], str) else None
    args, line = node[1:], node.line
    if head == "and":
        result: list[list[Atom]] = [[]]
        for arg in args:
            result = [a + b for a in result for b in _dnf(out, arg, line)]
            if len(result) > MAX_DISJUNCTS:
                raise out.error(line, f"the formula has over {MAX_DISJUNCTS} disjuncts")
        return result
    if head == "or":
        return [conj for arg in args for conj in _dnf(out, arg, line)]
    if head in _COMPARISONS:
        if len(args) < 2:
            raise out.error(line, f"'{head}' needs at least two arguments")
        terms = [_linear(out, arg, line) for arg in args]
        atoms = []
        for (ca, ka), (cb, kb) in zip(terms[:-1], terms[1:], strict=True):
            if head in ("<=", "<", "="):
                atoms.append(_difference(cb, kb, ca, ka, head == "<", line))
            if head in (">=", ">", "="):
                atoms.append(_difference(ca, ka, cb, kb, head == ">", line))
        return [atoms]
    raise out.error(line, f"unsupported formula operator {head!r} (expected and/or/<=/>=/</>/=)")


def _difference(
    ca: dict[Var, Fraction], ka: Fraction, cb: dict[Var, Fraction], kb: Fraction, strict: bool,
    line: int,
) -> Atom:  # fmt: skip
    """The atom a - b >= 0 (> 0 when strict)."""
    coeffs = dict(ca)
    for var, c in cb.items():
        coeffs[var] = coeffs.get(var, Fraction(0)) - c
    return Atom({v: c for v, c in coeffs.items() if c != 0}, ka - kb, strict, line)


def _linear(out: Commands, node: object, line: int) -> tuple[dict[Var, Fraction], Fraction]:
    """A term as (coefficients, constant): sum_v coeffs[v] * v + constant."""
    if isinstance(node, str):
        value = out.number(node)
        if value is not None:
            return {}, value
        return {out.variable(node, line): Fraction(1)}, Fraction(0)
    assert isinstance(node, _List)
    head = node[0] if node and isinstance(node[0], str) else None
    line = node.line
    terms = [_linear(out, arg, line) for arg in node[1:]]
    if head in ("+", "-") and terms:
        if head == "-" and len(terms) == 1:
            terms = [({}, Fraction(0)), terms[0]]
        coeffs, constant = dict(terms[0][0]), terms[0][1]
        sign = 1 if head == "+" else -1
        for c, k in terms[1:]:
            for var, a in c.items():
                coeffs[var] = coeffs.get(var, Fraction(0)) + sign * a
            constant += sign * k
        return {v: a for v, a in coeffs.items() if a != 0}, constant
    if head == "*" and terms:
        variable = [t for t in terms if t[0]]
        if len(variable) > 1:
            raise out.error(line, "a nonlinear term (a product of variables) is unsupported")
        factor = Fraction(1)
        for c, k in terms:
            factor *= k if not c else 1
        c, k = variable[0] if variable else ({}, Fraction(1))
        return {v: factor * a for v, a in c.items()}, factor * k
    if head == "/" and len(terms) >= 2:
        if any(c for c, _ in terms[1:]):
            raise out.error(line, "a nonlinear term (division by a variable) is unsupported")
        divisor = Fraction(1)
        for _, k in terms[1:]:
            divisor *= k
        if divisor == 0:
            raise out.error(line, "division by zero")
        c, k = terms[0]
        return {v: a / divisor for v, a in c.items()}, k / divisor
    raise out.error(line, f"unsupported term {head!r} (expected a number, X_i, Y_j, + - * /)")
