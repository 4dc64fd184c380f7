"""Validators for what an applicant gives at the counter: ID numbers, credit codes, contacts.

Every check raises `counter.errors.ValidationError` listing each problem as a
`FieldProblem` whose label and rule are marked for translation; the masking
helpers hide numbers on screens, receipts and logs.
"""

from counter.validation._common import Sex, normalise_code
from counter.validation.contact import (
    NAME_LABEL,
    PHONE_LABEL,
    validate_company_name,
    validate_person_name,
    validate_phone,
)
from counter.validation.credit_code import (
    CREDIT_CODE_LABEL,
    expected_credit_code_check,
    validate_credit_code,
)
from counter.validation.id_documents import (
    SEX_NAMES,
    IdType,
    ValidatedId,
    check_as_typed,
    resident_id_facts,
    validate_id_number,
)
from counter.validation.masking import mask_id_number, mask_phone
from counter.validation.resident_id import (
    ID_NUMBER_LABEL,
    ResidentId,
    expected_check_character,
    parse_resident_id,
)

__all__ = [
    "CREDIT_CODE_LABEL",
    "ID_NUMBER_LABEL",
    "NAME_LABEL",
    "PHONE_LABEL",
    "SEX_NAMES",
    "IdType",
    "ResidentId",
    "Sex",
    "ValidatedId",
    "check_as_typed",
    "expected_check_character",
    "expected_credit_code_check",
    "mask_id_number",
    "mask_phone",
    "normalise_code",
    "parse_resident_id",
    "resident_id_facts",
    "validate_company_name",
    "validate_credit_code",
    "validate_id_number",
    "validate_person_name",
    "validate_phone",
]
