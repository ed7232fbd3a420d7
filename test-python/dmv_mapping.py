"""The vehicle-registration (DMV) sample mapping built through the Python API: a line-for-line mirror of
examples/dmv/dmv-mapping.ts (examples/dmv/mapping.json is the same mapping as a file)."""
from cdk_qldb_aurora_migration import (
    ColumnMapping,
    ColumnType,
    IndexMapping,
    LedgerMapping,
    Source,
    TableMapping,
)


def dmv_mapping() -> LedgerMapping:
    varchar = ColumnType.varchar
    path = Source.path
    DATE, INTEGER, DECIMAL = ColumnType.DATE, ColumnType.INTEGER, ColumnType.DECIMAL
    return LedgerMapping(
        schema="dmv",
        tables=[
            TableMapping(
                ledger_table="Person",
                target_table="person",
                primary_key=["person_id"],
                columns=[
                    ColumnMapping(name="person_id", source=Source.document_id(), type=varchar(25)),
                    ColumnMapping(name="first_name", source=path("FirstName"), type=varchar(100)),
                    ColumnMapping(name="last_name", source=path("LastName"), type=varchar(100)),
                    ColumnMapping(name="dob", source=path("DOB"), type=DATE),
                    ColumnMapping(name="gov_id", source=path("GovId"), type=varchar(50)),
                    ColumnMapping(name="gov_id_type", source=path("GovIdType"), type=varchar(50)),
                    ColumnMapping(name="address", source=path("Address"), type=varchar(100)),
                ],
                indexes=[IndexMapping(columns=["gov_id"])],
                audit_indexes=[IndexMapping(columns=["gov_id"])],
            ),
            TableMapping(
                ledger_table="Vehicle",
                target_table="vehicle",
                primary_key=["vin"],
                columns=[
                    ColumnMapping(name="vin", source=path("VIN"), type=varchar(50)),
                    ColumnMapping(name="type", source=path("Type"), type=varchar(25)),
                    ColumnMapping(name="year", source=path("Year"), type=INTEGER),
                    ColumnMapping(name="make", source=path("Make"), type=varchar(50)),
                    ColumnMapping(name="model", source=path("Model"), type=varchar(50)),
                    ColumnMapping(name="color", source=path("Color"), type=varchar(25)),
                ],
                audit_indexes=[IndexMapping(columns=["vin"])],
            ),
            TableMapping(
                ledger_table="VehicleRegistration",
                target_table="vehicle_registration",
                primary_key=["vin"],
                columns=[
                    ColumnMapping(name="vin", source=path("VIN"), type=varchar(50)),
                    ColumnMapping(name="license_plate_num", source=path("LicensePlateNumber"), type=varchar(25)),
                    ColumnMapping(name="state", source=path("State"), type=varchar(10)),
                    ColumnMapping(name="city", source=path("City"), type=varchar(25)),
                    ColumnMapping(name="pending_penalty_amt", source=path("PendingPenaltyTicketAmount"), type=DECIMAL),
                    ColumnMapping(name="valid_from_dt", source=path("ValidFromDate"), type=DATE),
                    ColumnMapping(name="valid_to_dt", source=path("ValidToDate"), type=DATE),
                    ColumnMapping(name="primary_owner", source=path("Owners.PrimaryOwner.PersonId"), type=varchar(25)),
                    ColumnMapping(
                        name="secondary_owners",
                        source=path("Owners.SecondaryOwners[*].PersonId"),
                        type=varchar(200),
                        separator=",",
                    ),
                ],
                indexes=[IndexMapping(columns=["license_plate_num"])],
                audit_indexes=[IndexMapping(columns=["license_plate_num"]), IndexMapping(columns=["vin"])],
            ),
            TableMapping(
                ledger_table="DriversLicense",
                target_table="drivers_license",
                primary_key=["person_id"],
                columns=[
                    ColumnMapping(name="person_id", source=path("PersonId"), type=varchar(25)),
                    ColumnMapping(name="license_plate_num", source=path("LicenseNumber"), type=varchar(25)),
                    ColumnMapping(name="license_type", source=path("LicenseType"), type=varchar(25)),
                    ColumnMapping(name="valid_from_dt", source=path("ValidFromDate"), type=DATE),
                    ColumnMapping(name="valid_to_dt", source=path("ValidToDate"), type=DATE),
                ],
                indexes=[IndexMapping(columns=["license_plate_num"])],
                audit_indexes=[IndexMapping(columns=["person_id"]), IndexMapping(columns=["license_plate_num"])],
            ),
        ],
    )
