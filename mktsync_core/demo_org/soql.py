"""The small part of SOQL the gateway speaks, parsed and evaluated without eval.

Supported: ``SELECT`` fields (dotted relationship paths where the object
declares them), ``COUNT()``, ``COUNT(field) [alias]``; ``WHERE`` conditions
joined by ``AND`` (=, !=, <>, <, >, <=, >=, ``IN (literals)``, ``IN (SELECT
...)``); ``GROUP BY`` one field; ``HAVING COUNT(x) op n``; ``ORDER BY`` a
field or ``COUNT(x)``; ``LIMIT``. Anything else is a MALFORMED_QUERY, like
Salesforce answers a query it cannot parse - the demo org must not accept
queries the real one would refuse. Text compares case-insensitively, and
GROUP BY groups case-insensitively, as in Salesforce.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from typing import Any

from mktsync_core.demo_org.schema import ObjectSchema

Record = dict[str, Any]
MAX_AGGREGATE_ROWS = 2000

_TOKEN = re.compile(
    r"\s*(?:(?P<str>'(?:[^'\\]|\\.)*')|(?P<num>\d+(?:\.\d+)?)"
    r"|(?P<name>[A-Za-z_][A-Za-z0-9_]*(?:\.[A-Za-z_][A-Za-z0-9_]*)*)"
    r"|(?P<op>!=|<=|>=|<>|[=<>(),]))"
)
_KEYWORDS = frozenset(
    {
        "SELECT",
        "FROM",
        "WHERE",
        "AND",
        "OR",
        "NOT",
        "IN",
        "GROUP",
        "BY",
        "HAVING",
        "ORDER",
        "ASC",
        "DESC",
        "LIMIT",
        "NULL",
        "TRUE",
        "FALSE",
        "NULLS",
        "FIRST",
        "LAST",
        "OFFSET",
    }
)
_ESCAPES = {"'": "'", '"': '"', "\\": "\\", "n": "\n", "t": "\t", "r": "\r"}


class SoqlError(Exception):
    """A refused query, with the errorCode Salesforce would answer."""

    def __init__(self, code: str, message: str) -> None:
        super().__init__(message)
        self.code = code
        self.message = message


def _malformed(message: str) -> SoqlError:
    return SoqlError("MALFORMED_QUERY", message)


@dataclass(frozen=True)
class Count:
    field: str | None  # None for COUNT()
    alias: str | None = None


@dataclass(frozen=True)
class Condition:
    path: str
    op: str
    value: Any = None
    values: tuple[Any, ...] = ()
    subquery: Query | None = None


@dataclass(frozen=True)
class Query:
    items: tuple[str | Count, ...]
    sobject: str
    where: tuple[Condition, ...] = ()
    group_by: str | None = None
    having: tuple[Count, str, int] | None = None
    order_by: str | Count | None = None
    descending: bool = False
    limit: int | None = None

    @property
    def count_only(self) -> bool:
        return self.items == (Count(None),)

    @property
    def aggregate(self) -> bool:
        return self.group_by is not None or any(isinstance(i, Count) for i in self.items)


def _tokenize(text: str) -> list[tuple[str, str]]:
    tokens: list[tuple[str, str]] = []
    pos = 0
    while pos < len(text):
        match = _TOKEN.match(text, pos)
        if match is None or match.end() == pos:
            if text[pos:].strip():
                raise _malformed(f"unexpected token: '{text[pos:].split()[0]}'")
            break
        kind = match.lastgroup or ""
        tokens.append((kind, match[kind]))
        pos = match.end()
    return tokens


class _Parser:
    def __init__(self, text: str) -> None:
        self.tokens = _tokenize(text)
        self.pos = 0

    def peek(self) -> tuple[str, str]:
        return self.tokens[self.pos] if self.pos < len(self.tokens) else ("end", "")

    def next(self) -> tuple[str, str]:
        token = self.peek()
        if token[0] == "end":
            raise _malformed("unexpected end of query")
        self.pos += 1
        return token

    def accept(self, word: str) -> bool:
        kind, text = self.peek()
        if kind in ("name", "op") and text.upper() == word:
            self.pos += 1
            return True
        return False

    def expect(self, word: str) -> None:
        if not self.accept(word):
            raise _malformed(f"expecting '{word}', found '{self.peek()[1] or 'end of query'}'")

    def name(self) -> str:
        kind, text = self.next()
        if kind != "name" or text.upper() in _KEYWORDS:
            raise _malformed(f"unexpected token: '{text}'")
        return text

    def integer(self) -> int:
        kind, text = self.next()
        if kind != "num" or not text.isdigit():
            raise _malformed(f"expecting a number, found '{text}'")
        return int(text)

    def count(self) -> Count:
        self.expect("(")
        if self.accept(")"):
            return Count(None)
        field = self.name()
        self.expect(")")
        return Count(field)

    def select(self) -> Query:
        self.expect("SELECT")
        items: list[str | Count] = []
        while True:
            if self.accept("COUNT"):
                counted = self.count()
                kind, text = self.peek()
                if counted.field and kind == "name" and text.upper() not in _KEYWORDS:
                    counted = Count(counted.field, self.name())
                items.append(counted)
            else:
                items.append(self.name())
            if not self.accept(","):
                break
        self.expect("FROM")
        sobject = self.name()
        where: list[Condition] = []
        if self.accept("WHERE"):
            where.append(self.condition())
            while self.accept("AND"):
                where.append(self.condition())
        group_by = None
        if self.accept("GROUP"):
            self.expect("BY")
            group_by = self.name()
        having = None
        if self.accept("HAVING"):
            self.expect("COUNT")
            counted = self.count()
            having = (counted, self.comparison(), self.integer())
        order_by: str | Count | None = None
        descending = False
        if self.accept("ORDER"):
            self.expect("BY")
            order_by = self.count() if self.accept("COUNT") else self.name()
            if not self.accept("ASC"):
                descending = self.accept("DESC")
        limit = self.integer() if self.accept("LIMIT") else None
        query = Query(
            tuple(items), sobject, tuple(where), group_by, having, order_by, descending, limit
        )
        if Count(None) in query.items and len(query.items) > 1:
            raise _malformed("COUNT() cannot be combined with other fields")
        return query

    def comparison(self) -> str:
        kind, text = self.next()
        if kind != "op" or text not in {"=", "!=", "<>", "<", ">", "<=", ">="}:
            raise _malformed(f"unexpected token: '{text}'")
        return "!=" if text == "<>" else text

    def literal(self) -> Any:
        kind, text = self.next()
        if kind == "str":
            return re.sub(r"\\(.)", lambda m: _ESCAPES.get(m[1], m[1]), text[1:-1])
        if kind == "num":
            return float(text) if "." in text else int(text)
        if kind == "name" and text.upper() in {"NULL", "TRUE", "FALSE"}:
            return {"NULL": None, "TRUE": True, "FALSE": False}[text.upper()]
        raise _malformed(f"unexpected token: '{text}'")

    def condition(self) -> Condition:
        path = self.name()
        if self.accept("IN"):
            self.expect("(")
            if self.peek()[1].upper() == "SELECT":
                sub = self.select()
                self.expect(")")
                return Condition(path, "in", subquery=sub)
            values = [self.literal()]
            while self.accept(","):
                values.append(self.literal())
            self.expect(")")
            return Condition(path, "in", values=tuple(values))
        return Condition(path, self.comparison(), value=self.literal())


def parse(text: str) -> Query:
    parser = _Parser(text)
    query = parser.select()
    if parser.peek()[0] != "end":
        raise _malformed(f"unexpected token: '{parser.peek()[1]}'")
    return query


# ---------------------------------------------------------------- evaluation


def _fold(value: Any) -> Any:
    return value.casefold() if isinstance(value, str) else value


def _matches(value: Any, op: str, literal: Any) -> bool:
    if op == "=":
        return bool(_fold(value) == _fold(literal))
    if op == "!=":
        return bool(_fold(value) != _fold(literal))
    if value is None or literal is None:
        return False
    left, right = _fold(value), _fold(literal)
    try:
        return bool(
            {"<": left < right, ">": left > right, "<=": left <= right, ">=": left >= right}[op]
        )
    except TypeError:
        return False


def _member_of(field: str, allowed: set[Any]) -> Callable[[Record], bool]:
    return lambda record: _fold(record.get(field)) in allowed


def _compares(field: str, op: str, literal: Any) -> Callable[[Record], bool]:
    return lambda record: _matches(record.get(field), op, literal)


@dataclass(frozen=True)
class Outcome:
    """What a query produced: a bare count, or rows ready to serialise."""

    total: int
    rows: list[Record]


class Engine:
    """Runs parsed queries against one user's view of the org."""

    def __init__(
        self,
        objects: dict[str, ObjectSchema],
        records: Callable[[str], Sequence[Record]],
        version: str,
    ) -> None:
        self.objects = objects
        self.records = records
        self.version = version

    def run(self, text: str) -> Outcome:
        return self._run(parse(text))

    def _schema(self, name: str) -> ObjectSchema:
        for schema in self.objects.values():
            if schema.name.lower() == name.lower():
                return schema
        raise SoqlError(
            "INVALID_TYPE",
            f"sObject type '{name}' is not supported. If you are attempting to use a custom"
            " object, be sure to append the '__c' after the entity name.",
        )

    @staticmethod
    def _field(schema: ObjectSchema, path: str) -> str:
        lowered = path.lower()
        candidates = [f["name"] for f in schema.fields] + sorted(schema.relationship_paths)
        for name in candidates:
            if name.lower() == lowered:
                return str(name)
        raise SoqlError(
            "INVALID_FIELD",
            f"No such column '{path}' on entity '{schema.name}'. If you are attempting to use a"
            " custom field, be sure to append the '__c' after the custom field name.",
        )

    def stream(self, text: str) -> tuple[str, list[str], Iterator[Record]]:
        """A plain SELECT as (object, fields, matching records), one record at a time.

        For Bulk API query jobs, whose results can be far larger than a REST page;
        like Bulk API 2.0, aggregate queries are refused.
        """
        query = parse(text)
        if query.aggregate or query.having or query.order_by is not None:
            raise SoqlError(
                "INVALIDJOB", "Aggregate and ordered queries are not supported by Bulk API 2.0"
            )
        schema = self._schema(query.sobject)
        fields = [self._field(schema, str(item)) for item in query.items]
        return schema.name, fields, self._matching(query, schema)

    def _filtered(self, query: Query, schema: ObjectSchema) -> list[Record]:
        return list(self._matching(query, schema))

    def _matching(self, query: Query, schema: ObjectSchema) -> Iterator[Record]:
        checks: list[Callable[[Record], bool]] = []
        for cond in query.where:
            field = self._field(schema, cond.path)
            if cond.subquery is not None:
                checks.append(_member_of(field, self._column(cond.subquery)))
            elif cond.op == "in":
                checks.append(_member_of(field, {_fold(v) for v in cond.values}))
            else:
                checks.append(_compares(field, cond.op, cond.value))
        return (r for r in self.records(schema.name) if all(check(r) for check in checks))

    def _column(self, query: Query) -> set[Any]:
        if len(query.items) != 1 or not isinstance(query.items[0], str) or query.aggregate:
            raise _malformed("a semi-join subquery must select exactly one field")
        schema = self._schema(query.sobject)
        field = self._field(schema, query.items[0])
        return {_fold(r.get(field)) for r in self._filtered(query, schema)}

    def _run(self, query: Query) -> Outcome:
        schema = self._schema(query.sobject)
        if query.count_only:
            if query.group_by or query.order_by:
                raise _malformed("COUNT() cannot be used with GROUP BY or ORDER BY")
            # Counted one record at a time: large demo orgs compute their rows on demand.
            return Outcome(total=sum(1 for _ in self._matching(query, schema)), rows=[])
        rows = self._filtered(query, schema)
        if query.aggregate:
            return self._aggregate(query, schema, rows)
        if query.having:
            raise _malformed("HAVING requires GROUP BY")
        fields = [self._field(schema, str(item)) for item in query.items]
        if query.order_by is not None:
            key = self._field(schema, str(query.order_by))
            rows = sorted(
                rows,
                key=lambda r: (r.get(key) is not None, _fold(r.get(key))),
                reverse=query.descending,
            )
        if query.limit is not None:
            rows = rows[: query.limit]
        return Outcome(total=len(rows), rows=[self._shape(schema, r, fields) for r in rows])

    def _shape(self, schema: ObjectSchema, record: Record, fields: list[str]) -> Record:
        out: Record = {
            "attributes": {
                "type": schema.name,
                "url": f"/services/data/v{self.version}/sobjects/{schema.name}/{record['Id']}",
            }
        }
        for path in fields:
            *parents, leaf = path.split(".")
            target = out
            for parent in parents:
                target = target.setdefault(parent, {"attributes": {"type": parent}})
            target[leaf] = record.get(path)
        return out

    def _aggregate(self, query: Query, schema: ObjectSchema, rows: list[Record]) -> Outcome:
        group_field = self._field(schema, query.group_by) if query.group_by else None
        if group_field is not None:
            described = next(f for f in schema.fields if f["name"] == group_field)
            if not described["groupable"]:
                raise _malformed(f"field '{group_field}' can not be grouped in a query call")
        for item in query.items:
            if isinstance(item, str) and self._field(schema, item) != group_field:
                raise _malformed(f"Field must be grouped or aggregated: {item}")
        groups: dict[Any, list[Record]] = {}
        for record in rows:
            key = _fold(record.get(group_field)) if group_field else None
            groups.setdefault(key, []).append(record)

        def counted(members: list[Record], count: Count) -> int:
            if count.field is None:
                return len(members)
            field = self._field(schema, count.field)
            return sum(1 for r in members if r.get(field) is not None)

        buckets = list(groups.values())
        if query.having:
            count, op, threshold = query.having
            buckets = [b for b in buckets if _matches(counted(b, count), op, threshold)]
        if isinstance(query.order_by, Count):
            order = query.order_by
            buckets.sort(key=lambda b: counted(b, order), reverse=query.descending)
        elif query.order_by is not None:
            key = self._field(schema, query.order_by)
            buckets.sort(key=lambda b: str(_fold(b[0].get(key))), reverse=query.descending)
        if query.limit is not None:
            buckets = buckets[: query.limit]
        if len(buckets) > MAX_AGGREGATE_ROWS:
            raise SoqlError(
                "EXCEEDED_ID_LIMIT",
                "Aggregate query does not support queryMore(), use LIMIT to restrict the"
                " results to a single batch",
            )
        result = []
        for members in buckets:
            row: Record = {"attributes": {"type": "AggregateResult"}}
            expr = 0
            for item in query.items:
                if isinstance(item, Count):
                    name = item.alias or f"expr{expr}"
                    expr += 0 if item.alias else 1
                    row[name] = counted(members, item)
                else:
                    row[str(group_field)] = members[0].get(str(group_field))
            result.append(row)
        return Outcome(total=len(result), rows=result)
