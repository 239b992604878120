from datetime import UTC, datetime

from bot.catalog.entry import Entry, Problem
from bot.outputs import Outputs, annotation, annotations_for
from bot.policies import load_policy
from bot.review import EntryReview, Review


def review_with(problems: list[Problem]) -> Review:
    review = Review("o/r", 1, "a" * 40, "b" * 40, load_policy("pytorch-2019"), datetime.now(UTC))
    entry = Entry("catalog/x.yml", 1, "x", None, [], "added", problems=problems)
    review.entries = [EntryReview(entry, None, None)]
    return review


def test_at_most_ten_errors_and_ten_warnings_the_rest_summed_up():
    problems = [Problem("catalog/x.yml", n, 1, "f", f"error {n}") for n in range(1, 15)]
    problems += [Problem("catalog/x.yml", n, 1, "f", f"warning {n}", severity="warning") for n in range(1, 4)]
    lines = list(annotations_for(review_with(problems)))
    errors = [line for line in lines if line.startswith("::error")]
    warnings = [line for line in lines if line.startswith("::warning")]
    assert len(errors) == 10 and len(warnings) == 3
    assert errors[-1] == "::error::5 more entry errors; see the step summary or the JSON report"
    assert errors[0] == "::error file=catalog/x.yml,line=1,col=1,title=f::error 1"


def test_annotation_properties_and_data_are_escaped():
    line = annotation("error", Problem("a,b:c.yml", 2, 3, "x", "100%\nbad", fix="use: this"))
    assert line == "::error file=a%2Cb%3Ac.yml,line=2,col=3,title=x::100%25%0Abad — use: this"


def test_outputs_use_a_delimiter_so_values_cannot_inject_outputs(tmp_path):
    path = tmp_path / "out"
    Outputs(str(path), None).set(verdict="passed\nreport=evil")
    text = path.read_text()
    assert text.startswith("verdict<<ghadelimiter_")
    assert "passed\nreport=evil\n" in text


def test_step_summary_is_capped_at_one_mebibyte(tmp_path):
    path = tmp_path / "summary.md"
    Outputs(None, str(path)).summary("x" * 2_000_000)
    assert path.stat().st_size <= 1024 * 1024
