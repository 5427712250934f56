"""Question bank, XLSForm builder, form schema, answer checks and printable questionnaire."""

from safemig.instrument.bank import QuestionBank, load_bank, select_modules
from safemig.instrument.conformance import FormChecker, Violation, check_submissions
from safemig.instrument.expression import Expression, parse_expression
from safemig.instrument.printable import render_html, write_printable
from safemig.instrument.schema import FormSchema, Question, read_form, schema_from_sheets
from safemig.instrument.xlsform import XLSFormSheets, build_form, convert_to_xform, write_xlsform

__all__ = [
    "Expression",
    "FormChecker",
    "FormSchema",
    "Question",
    "QuestionBank",
    "Violation",
    "XLSFormSheets",
    "build_form",
    "check_submissions",
    "convert_to_xform",
    "load_bank",
    "parse_expression",
    "read_form",
    "render_html",
    "schema_from_sheets",
    "select_modules",
    "write_printable",
    "write_xlsform",
]
