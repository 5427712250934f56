"""Every error safemig raises on purpose, in one tree.

A message says what went wrong, where (file, column, stratum, value) and what to do next.
The command-line front prints the message and exits with code 2; library users catch the
most specific class they care about, or :class:`SafemigError` for all of them::

    SafemigError
     ├── InputError (ValueError)            the user's input cannot be used as given
     │    ├── DataFileError                 file missing, unreadable, of unknown format
     │    │    ├── EmptyDataError           file has no rows
     │    │    └── TextFileError            a text to check is missing, unreadable, unknown
     │    ├── UnknownColumnError (KeyError) a named column is not in the data
     │    ├── RequestError                  a statistic, cut or option is malformed
     │    │    └── EmptyUniverseError       `where` (or a domain) selects nobody
     │    ├── WeightError                   weights unusable
     │    │    ├── MissingWeightError       a weight is missing (NA)
     │    │    ├── NonNumericWeightError    the weight column is not numeric
     │    │    └── NegativeWeightError      a weight is below zero
     │    ├── DesignError                   the survey design is inconsistent
     │    │    ├── MissingDesignValueError  NA in a strata, PSU, SSU or fpc column
     │    │    ├── NestingError             a PSU appears in more than one stratum
     │    │    ├── LonelyPSUError           a stratum has one PSU under lonely_psu="fail"
     │    │    └── FpcError                 fpc inconsistent or smaller than the sample
     │    ├── MissingValueError             NA in an analysis variable under na="fail"
     │    ├── RuleFileError                 a narrative rule or context file is malformed
     │    └── FormError                     a question-bank module or an XLSForm cannot be used
     │         ├── ModuleError              a module file is malformed (names file, question, field)
     │         ├── UnknownModuleError       a requested module is not in the question bank
     │         ├── TranslationError         a label is missing in a requested language
     │         ├── ExpressionError          a relevance, constraint or calculation cannot be read
     │         └── XLSFormError             pyxform rejected the form, or warned about it
     └── BackendError (RuntimeError)        the database engine failed unexpectedly
      └── BackendUnavailableError       a backend's software (PySpark, Java) is not installed
"""

from __future__ import annotations


class SafemigError(Exception):
    """Root of every error safemig raises deliberately."""


class InputError(SafemigError, ValueError):
    """The user's input (data, options, files) cannot be used as given."""


class DataFileError(InputError):
    """A data file is missing, unreadable or of a format safemig does not read."""


class EmptyDataError(DataFileError):
    """A data file has a header but no rows."""


class UnknownColumnError(InputError, KeyError):
    """A column named in the request or design is not in the data."""

    def __str__(self) -> str:  # KeyError would otherwise quote the whole message
        return str(self.args[0]) if self.args else ""


class RequestError(InputError):
    """A statistic, disaggregation, universe or option is malformed."""


class EmptyUniverseError(RequestError):
    """The universe (`where`) or a requested domain contains no respondents."""


class WeightError(InputError):
    """Survey weights cannot be used."""


class MissingWeightError(WeightError):
    """At least one weight is missing."""


class NonNumericWeightError(WeightError):
    """The weight column does not hold numbers."""


class NegativeWeightError(WeightError):
    """At least one weight is negative."""


class DesignError(InputError):
    """The survey design (strata, PSUs, fpc) is inconsistent."""


class MissingDesignValueError(DesignError):
    """A strata, PSU, SSU or fpc value is missing."""


class NestingError(DesignError):
    """A PSU identifier appears in more than one stratum."""


class LonelyPSUError(DesignError):
    """A stratum has a single PSU and the lonely-PSU policy is "fail"."""


class FpcError(DesignError):
    """Finite population corrections are inconsistent or smaller than the sample."""


class MissingValueError(InputError):
    """An analysis variable has missing values and the NA policy is "fail"."""


class TextFileError(DataFileError):
    """A text given to the narrative checker is missing, unreadable or of an unknown format."""


class RuleFileError(InputError):
    """A narrative rule file (or context file) is malformed; the message names file and rule."""


class FormError(InputError):
    """A question-bank module or an XLSForm cannot be used as given."""


class ModuleError(FormError):
    """A question-bank module file is malformed; the message names file, module, question, field."""


class UnknownModuleError(FormError):
    """A requested module is not in the question bank."""


class TranslationError(FormError):
    """A label, hint or message is missing in a requested language."""


class ExpressionError(FormError):
    """A relevance, constraint or calculation expression cannot be parsed or names no question."""


class XLSFormError(FormError):
    """pyxform rejected the XLSForm or warned about it; the message carries pyxform's words."""


class BackendError(SafemigError, RuntimeError):
    """The database engine failed in a way safemig did not foresee."""


class BackendUnavailableError(BackendError):
    """A backend cannot start because its software is missing (the ``spark`` extra, or a Java
    runtime); the message names the command that installs it."""
