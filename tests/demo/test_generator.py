"""The synthetic survey: exports obey the form for several seeds, and the design holds together."""

from __future__ import annotations

import numpy as np
import pyarrow as pa
import pyarrow.csv as pacsv
import pytest

from safemig.demo import central_table, generate_survey, kobo_table, write_survey
from safemig.errors import RequestError
from safemig.instrument import check_submissions, read_form
from safemig.instrument.conformance import check_select_multiple_columns, submissions_from_columns


def _read_as_text(path, delimiter):
    """Read an export back the way ingest will: every column as text."""
    header = pacsv.read_csv(
        path, parse_options=pacsv.ParseOptions(delimiter=delimiter)
    ).column_names
    types = dict.fromkeys(header, pa.string())
    options = pacsv.ConvertOptions(column_types=types, strings_can_be_null=True)
    return pacsv.read_csv(
        path, parse_options=pacsv.ParseOptions(delimiter=delimiter), convert_options=options
    )


@pytest.fixture(scope="module", params=[1, 2, 3])
def written(request, tmp_path_factory):
    survey = generate_survey(seed=request.param, size=1320)
    return survey, write_survey(survey, tmp_path_factory.mktemp(f"seed{request.param}"))


def test_kobo_export_obeys_the_form(written):
    _, paths = written
    schema = read_form(paths["form"])
    columns = _read_as_text(paths["kobo"], ";").to_pydict()
    assert check_submissions(schema, submissions_from_columns(schema, columns, "kobo")) == []
    assert check_select_multiple_columns(schema, columns) == []


def test_central_export_obeys_the_form(written):
    _, paths = written
    schema = read_form(paths["form"])
    columns = _read_as_text(paths["central"], ",").to_pydict()
    assert check_submissions(schema, submissions_from_columns(schema, columns, "central")) == []


def test_every_question_of_the_form_is_exported(written):
    survey, paths = written
    kobo = _read_as_text(paths["kobo"], ";").column_names
    assert all(q.kobo_header() in kobo for q in survey.schema.data_questions())


def test_kobo_layout(written):
    _, paths = written
    table = _read_as_text(paths["kobo"], ";")
    for column in (
        "start",
        "end",
        "_uuid",
        "_submission_time",
        "_index",
        "consent/enumerator_id",
        "predeparture/info_sources/radio",
    ):
        assert column in table.column_names
    assert table.column("_index").to_pylist()[:3] == ["1", "2", "3"]
    assert paths["kobo"].read_text(encoding="utf-8").startswith('"start";"end";')


def test_central_layout(written):
    _, paths = written
    table = _read_as_text(paths["central"], ",")
    assert table.column_names[0] == "SubmissionDate"
    for column in (
        "KEY",
        "meta-instanceID",
        "ReviewState",
        "FormVersion",
        "violence-journey_safety-exp_sexual",
    ):
        assert column in table.column_names
    assert table.column("KEY").to_pylist()[0].startswith("uuid:")
    assert table.column("SubmissionDate").to_pylist()[0].endswith("Z")


def test_every_file_says_it_is_synthetic(written):
    survey, paths = written
    for key in ("kobo", "central", "population"):
        column = _read_as_text(paths[key], ";" if key == "kobo" else ",").column("synthetic")
        assert set(column.to_pylist()) == {"yes"}
    readme = paths["readme"].read_text(encoding="utf-8")
    assert (
        "SYNTHETIC DATA" in readme
        and "DONNÉES SYNTHÉTIQUES" in readme
        and f"seed = {survey.seed}" in readme
    )


def test_design_is_stratified_two_stage_and_weights_add_up(written):
    survey, _ = written
    s = survey.sample
    for h in range(3):
        in_h = s.stratum == h
        n_psu = np.unique(s.psu[in_h]).size
        assert np.all(s.fpc_psu[in_h] == s.fpc_psu[in_h][0]) and s.fpc_psu[in_h][0] >= n_psu
        take = np.bincount(np.unique(s.psu[in_h], return_inverse=True)[1])
        expected = s.fpc_psu[in_h] / n_psu * s.fpc_ssu[in_h] / np.repeat(take, take)
        assert np.allclose(s.weight[in_h], expected)
    assert all(np.unique(s.stratum[s.psu == p]).size == 1 for p in np.unique(s.psu)[:50])
    assert abs(s.weight.sum() / s.population.sum() - 1) < 0.1


def test_stage_mix_differs_by_region_as_designed(written):
    survey, _ = written
    stage = np.array(survey.answers["migration_stage"].to_pylist(), dtype=object)
    region = survey.sample.stratum
    transit_share = [np.mean(stage[(region == h) & (stage != None)] == "transit") for h in range(3)]  # noqa: E711
    assert transit_share[2] > 2 * max(transit_share[0], transit_share[1])


def test_same_seed_same_survey_and_other_seed_differs():
    a, b, c = (
        generate_survey(seed=7, size=300),
        generate_survey(seed=7, size=300),
        generate_survey(seed=8, size=300),
    )
    assert kobo_table(a).equals(kobo_table(b))
    assert not kobo_table(a).equals(kobo_table(c))


@pytest.mark.parametrize("size", [1, 7, 1000, 25_000])
def test_size_gives_exactly_that_many_rows(size):
    survey = generate_survey(seed=3, size=size)
    assert kobo_table(survey).num_rows == size and central_table(survey).num_rows == size


def test_size_below_one_is_refused():
    with pytest.raises(RequestError, match="at least 1"):
        generate_survey(size=0)
