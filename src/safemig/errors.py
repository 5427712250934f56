"""Every error safemig raises on purpose, in one tree.

A message says what went wrong, where (file, column, stratum, value) and what to do next.
The command-line front prints the message and exits with code 2; library users catch the
most specific class they care about, or :class:`SafemigError` for all of them::

    SafemigError
     ├── InputError (ValueError)            the user's input cannot be used as given
     │    ├── DataFileError                 file missing, unreadable, of unknown format
     │    │    ├── EmptyDataError           file has no rows (or no header at all)
     │    │    ├── TextFileError            a text to check is missing, unreadable, unknown
     │    │    ├── EncodingError            a file is not in the encoding given (names row, byte)
     │    │    ├── HeaderError              duplicate column names, or no column of the form
     │    │    └── DecryptionError          an encrypted ODK submission: wrong key or tampered
     │    ├── ProjectError                  safemig.toml is missing or malformed (names field)
     │    ├── CleaningLogError              a cleaning log is malformed (names file, row, column)
     │    │    └── StaleCleaningError       a log's old_value no longer matches the data
     │    ├── UnknownColumnError (KeyError) a named column is not in the data
     │    ├── RequestError                  a statistic, cut or option is malformed
     │    │    └── EmptyUniverseError       `where` (or a domain) selects nobody
     │    ├── WeightError                   weights unusable
     │    │    ├── MissingWeightError       a weight is missing (NA)
     │    │    ├── NonNumericWeightError    the weight column is not numeric
     │    │    ├── NegativeWeightError      a weight is below zero
     │    │    └── CalibrationError         a calibration's margins, totals or controls
     │    │         ├── MarginError         margins and data disagree (names the level)
     │    │         ├── ConvergenceError    raking or calibration did not converge
     │    │         └── WeightingClassError a weighting class has no respondents
     │    ├── DesignError                   the survey design is inconsistent
     │    │    ├── MissingDesignValueError  NA in a strata, PSU, SSU or fpc column
     │    │    ├── NestingError             a PSU appears in more than one stratum
     │    │    ├── LonelyPSUError           a stratum has one PSU under lonely_psu="fail"
     │    │    └── FpcError                 fpc inconsistent or smaller than the sample
     │    ├── MissingValueError             NA in an analysis variable under na="fail"
     │    ├── RuleFileError                 a narrative rule or context file is malformed
     │    ├── CatalogueError                an indicator catalogue is malformed
     │    ├── DisclosureRuleError           a disclosure rule is malformed or unknown
     │    ├── FormError                     a question-bank module or an XLSForm cannot be used
     │    │    ├── ModuleError              a module file is malformed (names file, question, field)
     │    │    ├── UnknownModuleError       a requested module is not in the question bank
     │    │    ├── TranslationError         a label is missing in a requested language
     │    │    ├── ExpressionError          a relevance, constraint or calculation cannot be read
     │    │    └── XLSFormError             pyxform rejected the form, or warned about it
     │    ├── KitError                      an information kit cannot be built as asked
     │    │    ├── KitContentError          a topic, UI-word or region file is malformed
     │    │    ├── ServiceDirectoryError    the service directory is malformed (row, column)
     │    │    ├── EvidenceError            the estimates table lacks what the summary needs
     │    │    ├── SimpleLanguageError      kit texts exceed the simple-language limits
     │    │    └── KitNarrativeError        a kit text uses stigmatising language
     │    ├── ProductError                  knowledge products cannot be built as asked
     │    │    ├── ResultsFolderError       a results folder lacks a file, key or column
     │    │    └── ProductNarrativeError    a product text uses stigmatising language
     │    ├── AssessmentError               a programme self-assessment cannot be done as asked
     │    │    ├── ChecklistError           a checklist file is malformed (file, criterion, field)
     │    │    ├── AnswersError             answers file or form malformed (file, criterion, field)
     │    │    ├── AssessmentHistoryError   no assessment saved yet, or a saved one is unreadable
     │    │    └── AssessmentNarrativeError an assessment text uses stigmatising language
     │    └── VoicesError                   qualitative coding cannot be done as asked
     │         ├── CodebookError            a codebook is malformed (file, theme, field)
     │         ├── TranscriptError          a transcript or its metadata is malformed (file, field)
     │         ├── CodingFileError          a codes or quotes file is malformed (file, row, column)
     │         ├── QuoteError               a quote lacks consent or an analyst's approval
     │         └── DeidentificationError    a quote cannot be de-identified (unknown language, kind)
     ├── AccountError (ValueError)          a dashboard account cannot be added or changed
     ├── RemoteError (ConnectionError)      a KoboToolbox or ODK Central server refused a pull
     ├── ExternalToolError (RuntimeError)   a program safemig runs (espeak-ng) is absent or failed
     ├── ModelUnavailableError (RuntimeError) the bundled sentence-embedding model is not installed
     └── BackendError (RuntimeError)        the database engine failed unexpectedly
      └── BackendUnavailableError       a backend's software (PySpark, Java) is not installed
"""

from __future__ import annotations


class SafemigError(Exception):
    """Root of every error safemig raises deliberately.

    The message may be a :class:`safemig.i18n.Text` carrying its French twin;
    :meth:`message` returns it in the user's language.
    """

    def message(self, language: str = "en") -> str:
        """The message in ``language`` (``en`` or ``fr``), English when not translated."""
        from safemig.i18n import in_language

        return in_language(self.args[0], language) if self.args else ""


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

    def message(self, language: str = "en") -> str:
        return SafemigError.message(self, language)


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


class CalibrationError(WeightError):
    """A calibration (post-stratification, raking, GREG) cannot be done as asked."""


class MarginError(CalibrationError):
    """Population margins and the data disagree: a level missing on one side, NA levels."""


class ConvergenceError(CalibrationError):
    """Raking or bounded calibration did not reach the margins within its iterations."""


class WeightingClassError(CalibrationError):
    """A nonresponse weighting class (or frame stratum) has no respondents to carry it."""


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


class CatalogueError(InputError):
    """An indicator catalogue is malformed; the message names file, indicator and field."""


class DisclosureRuleError(InputError):
    """A disclosure (suppression and reliability) rule is malformed or not known."""


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


class KitError(InputError):
    """An information kit cannot be built from the content, directory or options given."""


class KitContentError(KitError):
    """A topic, UI-word or region file is malformed; the message names the file and field."""


class ServiceDirectoryError(KitError):
    """The service directory is malformed; the message names the file, row and column."""


class EvidenceError(KitError):
    """The estimates table lacks the columns or variables the campaign summary needs."""


class SimpleLanguageError(KitError):
    """Kit texts exceed the simple-language limits under the policy "fail"."""


class KitNarrativeError(KitError):
    """A generated kit text uses stigmatising language; the message names text and phrase."""


class ProductError(InputError):
    """Knowledge products (report, tables, SDMX, brief, cards) cannot be built as asked."""


class ResultsFolderError(ProductError):
    """A results folder lacks a file, a key or a column; the message names which."""


class ProductNarrativeError(ProductError):
    """A generated product text uses stigmatising language; the message names text and phrase."""


class AccountError(SafemigError, ValueError):
    """A dashboard account cannot be added, changed or removed; the message says why."""


class ExternalToolError(SafemigError, RuntimeError):
    """A program safemig runs (espeak-ng) is missing or failed; the message says how to fix it."""


class BackendError(SafemigError, RuntimeError):
    """The database engine failed in a way safemig did not foresee."""


class EncodingError(DataFileError):
    """A text file is not in the encoding given; the message names the row and byte."""


class HeaderError(DataFileError):
    """A file's header cannot be used: duplicate column names, or none of the form's columns."""


class DecryptionError(DataFileError):
    """An encrypted ODK submission cannot be decrypted (wrong key, tampered or missing file)."""


class ProjectError(InputError):
    """The project folder has no usable ``safemig.toml``; the message names the field."""


class CleaningLogError(InputError):
    """A cleaning log is malformed; the message names the file, row and column."""


class StaleCleaningError(CleaningLogError):
    """A cleaning log's ``old_value`` no longer matches the data (someone changed it since)."""


class RemoteError(SafemigError, ConnectionError):
    """A KoboToolbox or ODK Central server could not be reached or refused the request."""


class BackendUnavailableError(BackendError):
    """A backend cannot start because its software is missing (the ``spark`` extra, or a Java
    runtime); the message names the command that installs it."""


class AssessmentError(InputError):
    """A programme self-assessment (``safemig assess``) cannot be done as asked."""


class ChecklistError(AssessmentError):
    """A checklist file is malformed; the message names the file, criterion and field."""


class AnswersError(AssessmentError):
    """An answers file (YAML, Excel) or a submitted form is malformed; the message names the
    file, criterion and field."""


class AssessmentHistoryError(AssessmentError):
    """The project has no saved assessment yet, or a saved one cannot be read."""


class AssessmentNarrativeError(AssessmentError):
    """A generated assessment text uses stigmatising language; the message names the phrase."""


class VoicesError(InputError):
    """Qualitative coding (focus groups, open answers) cannot be done as asked."""


class CodebookError(VoicesError):
    """A codebook file is malformed; the message names the file, the theme and the field."""


class TranscriptError(VoicesError):
    """A transcript or its session metadata is malformed or unreadable (names file and field)."""


class CodingFileError(VoicesError):
    """A codes, suggestions or quotes file is malformed (names file, row and column)."""


class QuoteError(VoicesError):
    """A quote was asked for a product without consent or without an analyst's approval."""


class DeidentificationError(VoicesError):
    """A quote cannot be de-identified as asked (unknown language or identifier kind)."""


class ModelUnavailableError(SafemigError, RuntimeError):
    """The sentence-embedding model package is not installed (``make setup`` installs it)."""
