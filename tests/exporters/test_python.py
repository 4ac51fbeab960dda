from __future__ import annotations

import inspect

import pydantic
import pytest
from hypothesis import HealthCheck, given, settings

from designer.schemas.exporters import EXPORTERS, python
from designer.schemas.schema import Field, Schema, Table
from designer.schemas.validators import Literal, Union
from tests.exporters import checkers, samples
from tests.exporters.random_schemas import export_schemas
from tests.factories import make_blog_schema


def render_fields(*fields: Field) -> str:
    return python.render(Schema("Fields", [Table("items", fields=list(fields))]))


def load(schema: Schema, tmp_path):
    path = tmp_path / f"models_{len(list(tmp_path.iterdir()))}.py"
    path.write_text(python.render(schema))
    return checkers.import_module(path)


def assert_samples_checked(module, schema: Schema) -> None:
    for table, accepted, document in samples.cases(schema):
        model = module.MODELS[table]
        if accepted:
            model.model_validate(samples.to_python(document))
        else:
            with pytest.raises(pydantic.ValidationError):
                model.model_validate(samples.to_python(document))


def test_python_is_registered():
    assert EXPORTERS["python"].extension == ".py"
    assert EXPORTERS["python"].render is python.render


def test_python_maps_system_fields_with_aliases():
    text = python.render(make_blog_schema())

    assert 'UsersId = NewType("UsersId", str)\n' in text
    assert '    id: PostsId = Field(alias="_id")\n' in text
    assert '    creation_time: float = Field(alias="_creationTime")\n' in text
    assert "    authorId: UsersId\n" in text


def test_python_maps_each_kind():
    text = python.render(make_blog_schema())

    assert "    views: int\n" in text
    assert "    cover: bytes | None = None\n" in text
    assert "    meta: Any | None = None\n" in text
    assert "    deletedAt: float | None = None\n" in text
    assert "    ratings: dict[str, float]\n" in text
    assert "    seo: PostsSeo\n" in text
    assert "    keywords: list[str] | None = None\n" in text
    assert '    role: Literal["admin", "member"]\n' in text
    assert "    priority: Literal[1.5, 10, True]\n" in text


def test_python_renames_keywords_with_alias():
    text = python.render(samples.hostile_schema())

    assert '    class_: UsersId = Field(alias="class", description=' in text
    assert '    from_: UsersId | None = Field(alias="from")\n' in text
    assert '    None_: float | None = Field(default=None, alias="None")\n' in text
    assert '    field_private: str = Field(alias="_private")\n' in text
    assert '    field_model_dump: bytes = Field(alias="model_dump")\n' in text
    assert '    l_: EventsVariant2L = Field(alias="l")\n' in text


def test_python_writes_largest_number_literal():
    text = render_fields(Field("limit", Literal(1.7976931348623157e308, "number")))

    assert "    limit: Literal[1.7976931348623157e+308]\n" in text


def test_python_empty_union_rejects_every_value(tmp_path):
    schema = Schema("Empty", [Table("items", fields=[Field("nothing", Union(()))])])

    module = load(schema, tmp_path)

    with pytest.raises(pydantic.ValidationError, match="no value matches"):
        module.Items.model_validate({"_id": "a", "_creationTime": 1.0, "nothing": 1})


def test_python_keeps_hostile_text_inside_strings(tmp_path):
    module = load(samples.hostile_schema(), tmp_path)

    assert module.__doc__.startswith(
        f"Pydantic models for the Convex schema {samples.HOSTILE_TEXT}."
    )
    assert inspect.cleandoc(module.Events.__doc__) == samples.HOSTILE_TEXT
    assert (
        module.EventsVariant1.model_fields["class_"].description == samples.HOSTILE_TEXT
    )


def test_python_reads_by_field_name_too(tmp_path):
    module = load(samples.hostile_schema(), tmp_path)

    document = module.Users(id="users:1", creation_time=2.5, name="Ada")

    assert document.model_dump(by_alias=True) == {
        "_id": "users:1",
        "_creationTime": 2.5,
        "name": "Ada",
    }


def test_python_modules_pass_ruff_and_check_samples(tmp_path):
    schemas_by_name = checkers.fixed_schemas()
    paths = []
    for name, schema in schemas_by_name.items():
        path = tmp_path / f"{name}_models.py"
        path.write_text(python.render(schema))
        paths.append(path)

    linted = checkers.run(
        [
            str(checkers.RUFF),
            "check",
            "--isolated",
            "--target-version",
            "py310",
            *map(str, paths),
        ]
    )

    assert linted.returncode == 0, linted.stdout
    for path, schema in zip(paths, schemas_by_name.values(), strict=True):
        assert_samples_checked(checkers.import_module(path), schema)


@settings(
    max_examples=25,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)
@given(export_schemas())
def test_python_random_schemas_check_samples(tmp_path, schema):
    assert_samples_checked(load(schema, tmp_path), schema)
