"""The jsii-built Python package against the TypeScript library: the DMV mapping built in Python must generate
exactly the DDL that the TypeScript CLI generates from examples/dmv/mapping.json, and errors must cross the
language boundary with their messages intact."""
import json

import pytest

from cdk_qldb_aurora_migration import (
    ColumnMapping,
    ColumnType,
    LedgerMapping,
    MigrationSql,
    Source,
    TableMapping,
)
from dmv_mapping import dmv_mapping


def assert_same_statements(python_statements, cli_statements, what):
    assert isinstance(python_statements, list), f"{what}: Python returned {type(python_statements).__name__}"
    for i, (py, ts) in enumerate(zip(python_statements, cli_statements)):
        assert py == ts, f"{what}: statement {i + 1} differs\n--- Python:\n{py}\n--- TypeScript CLI:\n{ts}"
    assert len(python_statements) == len(cli_statements), (
        f"{what}: Python generated {len(python_statements)} statements, the TypeScript CLI {len(cli_statements)}"
    )


def test_target_ddl_equals_the_typescript_cli(dmv_mapping_file, cli_ddl):
    statements = MigrationSql.target_ddl(dmv_mapping())

    assert_same_statements(statements, cli_ddl(dmv_mapping_file), "target DDL")
    assert any('"dmv"."vehicle_registration_audit_log"' in s for s in statements)


def test_target_ddl_with_a_migration_role_equals_the_typescript_cli(dmv_mapping_file, cli_ddl):
    statements = MigrationSql.target_ddl(dmv_mapping(), migration_role="dmv_migrator")

    assert_same_statements(statements, cli_ddl(dmv_mapping_file, "--role", "dmv_migrator"), "target DDL with role")
    assert len(statements) > len(MigrationSql.target_ddl(dmv_mapping())), "the role adds grant statements"


def test_post_load_ddl_equals_the_typescript_cli(dmv_mapping_file, cli_ddl):
    statements = MigrationSql.post_load_ddl(dmv_mapping())

    assert_same_statements(statements, cli_ddl(dmv_mapping_file, "--post-load"), "post-load DDL")


def test_the_mapping_file_and_the_python_built_mapping_have_the_same_json(dmv_mapping_file):
    from_file = LedgerMapping.from_file(str(dmv_mapping_file))
    built = dmv_mapping()

    assert from_file.to_json() == built.to_json()
    document = json.loads(built.to_json())
    assert [t["ledgerTable"] for t in document["tables"]] == [t.ledger_table for t in from_file.tables]
    assert LedgerMapping.from_json(built.to_json()).to_json() == built.to_json()


def test_the_python_built_mapping_reads_back_through_the_python_api():
    mapping = dmv_mapping()

    registration = mapping.table_for("VehicleRegistration")
    assert registration is not None
    secondary = registration.columns[-1]
    assert secondary.name == "secondary_owners"
    assert secondary.separator == ","
    assert secondary.type.to_sql() == "varchar(200)"
    assert secondary.source.to_string() == "Owners.SecondaryOwners[*].PersonId"
    assert secondary.source.selects_array is True
    assert mapping.table_for("NoSuchTable") is None


def vehicle_table(columns):
    return TableMapping(ledger_table="Vehicle", target_table="vehicle", columns=columns)


def test_a_duplicate_column_raises_an_error_naming_the_table_and_the_column():
    vin = ColumnMapping(name="vin", source=Source.path("VIN"), type=ColumnType.varchar(50))

    with pytest.raises(RuntimeError) as raised:
        LedgerMapping(schema="dmv", tables=[vehicle_table([vin, vin])])

    message = str(raised.value)
    assert 'table "Vehicle"' in message
    assert 'column "vin"' in message
    assert "duplicate column name" in message


def test_every_problem_of_a_mapping_crosses_the_boundary_in_one_error():
    person = TableMapping(
        ledger_table="Person",
        target_table="person",
        columns=[ColumnMapping(name="first_name", source=Source.path("FirstName"), type=ColumnType.varchar(0))],
    )
    vehicle = vehicle_table(
        [ColumnMapping(name="year", source=Source.path("Owners[*].Year"), type=ColumnType.INTEGER)],
    )

    with pytest.raises(RuntimeError) as raised:
        LedgerMapping(schema="dmv", tables=[person, vehicle])

    lines = [line for line in str(raised.value).splitlines() if 'column "' in line]
    assert any('table "Person"' in line and 'column "first_name"' in line and "varchar length" in line
               for line in lines), lines
    assert any('table "Vehicle"' in line and 'column "year"' in line and "[*]" in line for line in lines), lines


def test_an_invalid_mapping_file_raises_an_error_naming_the_file_and_the_column(dmv_mapping_file, tmp_path):
    document = json.loads(dmv_mapping_file.read_text())
    document["tables"][1]["columns"][2]["type"] = "integr"
    broken = tmp_path / "broken-mapping.json"
    broken.write_text(json.dumps(document))

    with pytest.raises(RuntimeError) as raised:
        LedgerMapping.from_file(str(broken))

    message = str(raised.value)
    assert str(broken) in message
    assert '$.tables[1].columns[2].type: unknown column type "integr"' in message, message
