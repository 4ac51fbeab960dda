from __future__ import annotations

import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from designer.schemas.rules import CATALOGUE, Severity, Source, iter_rules, lint
from designer.schemas.rules.common import BETTER_AUTH_TABLES
from designer.schemas.schema import Field, Index, RuleSetting, Suppression, Table
from designer.schemas.validators import Array, Id, Member, Object, Record, Scalar, Union
from tests.factories import make_blog_schema
from tests.rules import (
    test_better_auth,
    test_hints,
    test_indexes,
    test_naming,
    test_search,
    test_standard,
    test_values,
)
from tests.rules.helpers import findings_of, schema, string, table

CODE = re.compile(r"(CVX|STD|BA|DSG)\d{3}\Z")
# Rules tested outside the case tables (too large to build twice per run).
TESTED_ALONE = {"CVX037"}


def singular_tables():
    return schema(
        table("Post", Field("a", string)), table("Comment", Field("a", string))
    )


def test_catalogue_codes_are_unique_and_well_formed():
    codes = [rule.code for rule in iter_rules()]

    assert len(codes) == len(set(codes))
    assert [c for c in codes if not CODE.match(c)] == []
    assert codes == sorted(CATALOGUE)


@pytest.mark.parametrize("rule", list(iter_rules()), ids=lambda r: r.code)
def test_rule_has_title_explanation_and_source(rule):
    assert rule.title.strip()
    assert len(rule.explanation()) > 40
    assert isinstance(rule.source, Source)
    assert isinstance(rule.severity, Severity)


def test_convex_rules_are_errors():
    severities = {r.severity for r in iter_rules() if r.code.startswith("CVX")}

    assert severities == {Severity.ERROR}


def test_every_rule_has_fire_and_pass_cases():
    modules = [
        test_better_auth,
        test_hints,
        test_indexes,
        test_naming,
        test_search,
        test_standard,
        test_values,
    ]
    covered = {case.code for module in modules for case in module.CASES}

    assert set(CATALOGUE) - covered - TESTED_ALONE == set()


def test_blog_schema_has_no_errors_or_warnings():
    findings = lint(make_blog_schema())

    assert [(f.code, f.location.key) for f in findings] == [
        ("STD004", "posts.deletedAt"),
        ("DSG002", "posts.meta"),
    ]


def test_findings_sorted_by_severity_then_location():
    target = schema(table("Post", Field("_x", string)), table("Comment"))

    keys = [(f.severity.rank, f.location.key) for f in lint(target)]

    assert keys == sorted(keys)


def test_disabled_rule_reports_nothing():
    target = singular_tables()
    target.rule_settings = [RuleSetting("STD001", enabled=False)]

    assert findings_of(target, "STD001") == []


def test_rule_setting_changes_severity():
    target = singular_tables()
    target.rule_settings = [RuleSetting("STD001", severity="error")]

    severities = [f.severity for f in findings_of(target, "STD001")]

    assert severities == [Severity.ERROR, Severity.ERROR]


def test_suppression_drops_only_its_location():
    target = singular_tables()
    target.suppressions = [
        Suppression("STD001", "Post", "Legacy name kept for exports.")
    ]

    locations = [f.location.key for f in findings_of(target, "STD001")]

    assert locations == ["Comment"]


def test_suppression_of_index_location():
    target = schema(table("posts", Field("a", string), indexes=[Index("a_idx", ["a"])]))
    target.suppressions = [
        Suppression("DSG005", "posts#a_idx", "Name used by queries.")
    ]

    assert findings_of(target, "DSG005") == []


def test_suppression_for_other_code_keeps_finding():
    target = singular_tables()
    target.suppressions = [Suppression("CVX001", "Post", "Wrong code.")]

    assert len(findings_of(target, "STD001")) == 2


names = st.text(min_size=0, max_size=12)
scalars = st.sampled_from([Scalar(k) for k in ("string", "number", "any", "null")])
validators = st.recursive(
    st.one_of(scalars, names.map(Id)),
    lambda inner: st.one_of(
        inner.map(Array),
        st.lists(inner, max_size=3).map(lambda ms: Union(tuple(ms))),
        st.lists(st.tuples(names, inner), max_size=3).map(
            lambda ms: Object(tuple(Member(n, v) for n, v in ms))
        ),
        st.tuples(inner, inner).map(lambda kv: Record(*kv)),
    ),
    max_leaves=6,
)
tables = st.builds(
    Table,
    name=names,
    fields=st.lists(st.builds(Field, name=names, validator=validators), max_size=4),
    indexes=st.lists(
        st.builds(Index, name=names, fields=st.lists(names, max_size=3)), max_size=3
    ),
    document_kind=st.sampled_from(["object", "union", "any"]),
)


@settings(max_examples=150, deadline=None)
@given(st.lists(tables, max_size=4))
def test_lint_handles_arbitrary_schemas(generated):
    target = schema(*generated)

    findings = lint(target)

    table_names = {t.name for t in generated} | {"", *BETTER_AUTH_TABLES}
    assert {f.location.table for f in findings} <= table_names
