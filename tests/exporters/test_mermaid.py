from __future__ import annotations

import pytest

from designer.schemas.exporters import EXPORTERS, mermaid
from designer.schemas.schema import Field, Schema, Table
from designer.schemas.validators import Array, Id, Scalar, Union
from tests.exporters import checkers, samples
from tests.factories import make_blog_schema


def test_mermaid_is_registered():
    assert EXPORTERS["mermaid"].extension == ".mmd"


def test_mermaid_writes_entities_and_relationships():
    text = mermaid.render(make_blog_schema())

    assert text.startswith('---\ntitle: "Blog"\n---\nerDiagram\n    users {\n')
    assert '        id _id PK "users"\n' in text
    assert '        id authorId FK "id#60;users#62;"\n' in text
    assert '        string email UK "string"\n' in text
    assert '        string[] tags "array#60;string#62;"\n' in text
    assert '        enum role "#34;admin#34; | #34;member#34;"\n' in text
    assert text.endswith('    users ||--o{ posts : "authorId"\n')


def test_mermaid_cardinality_follows_optionality():
    schema = Schema(
        "Links",
        [
            Table("users", fields=[Field("name", Scalar("string"))]),
            Table(
                "posts",
                fields=[
                    Field("editorId", Union((Id("users"), Scalar("null")))),
                    Field("readerIds", Array(Id("users"))),
                ],
            ),
        ],
    )

    text = mermaid.render(schema)

    assert '    users |o--o{ posts : "editorId"\n' in text
    assert '    users }o--o{ posts : "readerIds"\n' in text


def test_mermaid_labels_odd_names():
    text = mermaid.render(samples.hostile_schema())

    assert '    t_odd__table___b_["odd #34;table#34; #60;b#62;"] {\n' in text
    assert '        literal kind "#34;a#34; | #34;b#34;"\n' in text
    assert "%%{init" not in text
    assert '        string __ "名前: string"\n' in text


def test_mermaid_text_stays_on_one_line():
    assert (
        mermaid.text('a "b"\n%%{x}%% #1 <i>')
        == "a #34;b#34; #37;#37;{x}#37;#37; #35;1 #60;i#62;"
    )


def test_mermaid_output_is_deterministic():
    assert mermaid.render(samples.hostile_schema()) == mermaid.render(
        samples.hostile_schema()
    )


@pytest.mark.browser
def test_mermaid_parses_with_mermaid():
    schemas = [*checkers.fixed_schemas().values(), *checkers.random_schemas()]
    broken = 'erDiagram\n    users {\n        string "x\n'

    errors = checkers.mermaid_parse([broken] + [mermaid.render(s) for s in schemas])

    assert errors[0].startswith("Parse error on line 3")
    assert errors[1:] == [""] * len(schemas)
