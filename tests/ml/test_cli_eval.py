"""`newstrace eval` and `newstrace train`: one JSON object per run, clean errors, honest metrics."""

from __future__ import annotations

import importlib.util
import json
from pathlib import Path
from typing import Any

import numpy as np
import pytest
from sklearn.metrics import average_precision_score, f1_score
from typer.testing import CliRunner, Result

from newstrace.cli import app
from newstrace.ml.bootstrap import (
    average_precision,
    bootstrap_clusters,
    macro_f1,
    mean_average_precision,
    ranking_report,
)
from newstrace.ml.checkworthy.news_labels import load_news_labels, resolve, text_hash

REPO_ROOT = Path(__file__).resolve().parents[2]
SHARED = REPO_ROOT.parent / "shared"
GOLD_DIR = REPO_ROOT / "tests" / "gold" / "attribution"
needs_shared = pytest.mark.skipif(not SHARED.exists(), reason="needs ../shared datasets")

CHECKWORTHY = [
    ("The ministry said 4,300 homes were flooded in March.", 1),
    ("Unemployment fell to 3.9 percent last year, the lowest rate since 2001.", 1),
    ("The council spent $12 million on the new bridge, twice the original budget.", 1),
    ("Crime in the city has doubled since the mayor took office.", 1),
    ("We will see what happens next.", 0),
    ("Thank you all for coming tonight.", 0),
    ("I think this is a great day for our town.", 0),
    ("What do you make of that?", 0),
]
FIGURES = ("precision", "recall", "f1", "average_precision")


def run(*args: str) -> Result:
    return CliRunner().invoke(app, list(args))


def run_json(*args: str) -> dict[str, Any]:
    result = run(*args, "--format", "json")
    assert result.exit_code == 0, result.output
    parsed: dict[str, Any] = json.loads(result.stdout)
    return parsed


def assert_interval(figure: dict[str, Any]) -> None:
    low, high = figure["ci95"]
    assert low <= figure["value"] <= high


def write(path: Path, content: str) -> Path:
    path.write_text(content, encoding="utf-8")
    return path


# --- eval checkworthy -------------------------------------------------------------------------


def test_claimbuster_json_gives_figures_with_intervals_and_no_map(tmp_path: Path) -> None:
    rows = [{"sentence_id": i, "label": y, "text": t} for i, (t, y) in enumerate(CHECKWORTHY)]
    data = write(tmp_path / "cb.json", json.dumps(rows))
    figures = run_json("eval", "checkworthy", "--data", str(data))
    assert figures["n"] == len(CHECKWORTHY)
    for name in FIGURES:
        assert_interval(figures[name])
    assert "map" not in figures
    assert figures["average_precision"]["value"] > 0.9


def test_clef_2019_csv_with_a_debate_column_also_gives_map(tmp_path: Path) -> None:
    lines = ["line_number,speaker,text,label,file_name"]
    for i, (text, label) in enumerate(CHECKWORTHY):
        lines.append(f'{i + 1},SPEAKER,"{text}",{label},debate_{i % 2}.tsv')
    data = write(tmp_path / "clef2019.csv", "\n".join(lines) + "\n")
    figures = run_json("eval", "checkworthy", "--data", str(data))
    assert figures["n_groups"] == 2
    assert_interval(figures["map"])


def test_clef_2020_tsv_and_headerless_clef_files_are_read(tmp_path: Path) -> None:
    body = "\n".join(f"{text}\t{label}" for text, label in CHECKWORTHY)
    clef2020 = write(tmp_path / "clef2020.tsv", "text\tlabel\n" + body + "\n")
    assert run_json("eval", "checkworthy", "--data", str(clef2020))["n"] == len(CHECKWORTHY)
    folder = tmp_path / "debates"
    folder.mkdir()
    for debate in ("a", "b"):
        rows = [f"{i}\tSPEAKER\t{text}\t{label}" for i, (text, label) in enumerate(CHECKWORTHY)]
        write(folder / f"{debate}.tsv", "\n".join(rows) + "\n")
    figures = run_json("eval", "checkworthy", "--data", str(folder))
    assert (figures["n"], figures["n_groups"]) == (2 * len(CHECKWORTHY), 2)


def test_the_readable_table_names_each_figure_with_its_interval(tmp_path: Path) -> None:
    rows = [{"label": y, "text": t} for t, y in CHECKWORTHY]
    result = run(
        "eval", "checkworthy", "--data", str(write(tmp_path / "cb.json", json.dumps(rows)))
    )
    assert result.exit_code == 0
    assert "average_precision" in result.stdout and "[" in result.stdout


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ("", "empty"),
        ("[{", "invalid JSON"),
        ('[{"text": "A sentence."}]', "lacks a text or a label"),
        ("sentence,score\nA sentence.,1\n", "'text' and 'label'"),
        ("text\tlabel\nA sentence.\tmaybe\n", "not 0/1"),
    ],
)
def test_a_bad_file_exits_2_with_one_clear_line(tmp_path: Path, content: str, message: str) -> None:
    result = run("eval", "checkworthy", "--data", str(write(tmp_path / "bad.txt", content)))
    assert result.exit_code == 2
    assert message in result.output
    assert len(result.output.strip().splitlines()) == 1


def test_data_and_news_labels_are_mutually_exclusive(tmp_path: Path) -> None:
    assert run("eval", "checkworthy").exit_code == 2
    assert run("eval", "checkworthy", "--data", "x", "--news-labels").exit_code == 2


def test_unknown_output_format_is_refused(tmp_path: Path) -> None:
    rows = [{"label": y, "text": t} for t, y in CHECKWORTHY]
    data = write(tmp_path / "cb.json", json.dumps(rows))
    assert run("eval", "checkworthy", "--data", str(data), "--format", "xml").exit_code == 2


# --- news labels ------------------------------------------------------------------------------


def test_at_least_300_news_sentences_are_labelled_by_offsets_without_text() -> None:
    labels = load_news_labels()
    assert len(labels) >= 300
    assert {x.label for x in labels} == {0, 1}
    assert all(0 <= x.start < x.end and len(x.sha256) == 16 for x in labels)
    raw = (
        REPO_ROOT / "src" / "newstrace" / "data" / "labels" / "news_checkworthy.json"
    ).read_text()
    assert '"text"' not in raw


def test_a_changed_shared_text_is_reported_as_drift(tmp_path: Path) -> None:
    label = load_news_labels()[0]
    datasets = tmp_path / "datasets"
    (datasets / "fakenewsnet").mkdir(parents=True)
    record = {"id": label.article_id, "text": "x" * label.end}
    write(datasets / label.file, json.dumps(record) + "\n")
    with pytest.raises(Exception, match="no labelled sentence matches"):
        resolve([label], datasets)


@needs_shared
def test_news_labels_resolve_and_the_debate_model_stays_above_its_floor() -> None:
    resolved = resolve(load_news_labels(), SHARED / "datasets")
    assert resolved.drifted == []
    assert all(text_hash(t) for t in resolved.texts)
    figures = run_json("eval", "checkworthy", "--news-labels", "--shared", str(SHARED))
    # Measured 0.770 AP and 0.697 F1 (docs/models/checkworthy.md).
    assert figures["average_precision"]["value"] >= 0.72
    assert figures["f1"]["value"] >= 0.64


# --- eval liar / credibility ------------------------------------------------------------------

LIAR_ROWS = [
    ("1.json", "false", "Says the city spent 40 million dollars on a bridge to nowhere."),
    ("2.json", "true", "The state budget grew by 3 percent last year."),
    ("3.json", "half-true", "Crime fell in every district since 2010."),
    ("4.json", "pants-fire", "The mayor wants to ban all cars by next week."),
]


CREDIT = "1\t2\t3\t4\t5"


def liar_tsv(rows: list[tuple[str, str, str]]) -> str:
    return "".join(
        f"{i}\t{label}\t{text}\tbudget,crime\tjane-doe\tMayor\tOhio\tdemocrat\t{CREDIT}\ta debate\n"
        for i, label, text in rows
    )


def test_eval_liar_prints_six_way_and_binary_figures(tmp_path: Path) -> None:
    data = write(tmp_path / "liar.tsv", liar_tsv(LIAR_ROWS))
    figures = run_json("eval", "liar", "--data", str(data))
    assert figures["n"] == len(LIAR_ROWS)
    for task in ("six_way", "binary"):
        for name in ("accuracy", "macro_f1"):
            assert_interval(figures[task][name])
    assert "no credit history" in figures["features"]


def test_eval_liar_names_the_line_of_a_malformed_row(tmp_path: Path) -> None:
    data = write(tmp_path / "liar.tsv", liar_tsv(LIAR_ROWS) + "5.json\tfalse\tshort row\n")
    result = run("eval", "liar", "--data", str(data))
    assert result.exit_code == 2
    assert "liar.tsv:5" in result.output


def test_eval_credibility_labels_the_output_a_signal(tmp_path: Path) -> None:
    records = [
        {
            "id": "a",
            "label": "real",
            "domain": "news.example.org",
            "title": "Budget",
            "text": "The "
            "council approved the budget on Tuesday after a two-hour debate, officials said.",
        },
        {
            "id": "b",
            "label": "fake",
            "domain": "viral.example.com",
            "title": "SHOCK",
            "text": "You won't believe what the president just did, share before they delete this!",
        },
    ]
    data = write(tmp_path / "news.jsonl", "\n".join(json.dumps(r) for r in records) + "\n")
    figures = run_json("eval", "credibility", "--data", str(data))
    assert figures["n"] == 2 and "not a verdict" in figures["signal"]
    assert figures["domain_disjoint_accuracy_at_training"]["value"] > 0.5


# --- eval stance / attribution / polnear ------------------------------------------------------


@pytest.mark.skipif(
    importlib.util.find_spec("newstrace.ml.stance.classifier") is None,
    reason="stance model not built yet",
)
def test_eval_stance_scores_fnc_format_files(tmp_path: Path) -> None:
    bodies = write(
        tmp_path / "bodies.csv",
        'Body ID,articleBody\n1,"Officials confirmed the bridge will close in May for repairs."\n'
        '2,"The festival drew a record crowd of 20,000 people on Saturday."\n',
    )
    stances = write(
        tmp_path / "stances.csv",
        "Headline,Body ID,Stance\nBridge to close in May,1,agree\n"
        "Bridge to close in May,2,unrelated\nRecord crowd at festival,2,agree\n",
    )
    figures = run_json("eval", "stance", "--bodies", str(bodies), "--stances", str(stances))
    assert figures["n"] == 3
    assert {"relative_score", "accuracy", "macro_f1"} <= set(figures)


def test_eval_attribution_scores_the_self_written_gold_set() -> None:
    figures = run_json("eval", "attribution", "--gold", str(GOLD_DIR))
    assert figures["n_docs"] >= 14
    assert figures["sources"]["partial"]["f1"] >= 0.9


def test_eval_attribution_refuses_a_folder_without_gold(tmp_path: Path) -> None:
    result = run("eval", "attribution", "--gold", str(tmp_path))
    assert result.exit_code == 2 and "no gold" in result.output


def test_eval_attribution_needs_exactly_one_gold_set() -> None:
    result = run("eval", "attribution")
    assert result.exit_code == 2 and "exactly one" in result.output


# `newstrace analyze` on the real-news dev half (23 articles, 21 outlets). Measured (speaker F1,
# chain accuracy): see REAL_DEV_FLOORS' comment in tests/test_gold_attribution.py.
@pytest.mark.shared
@pytest.mark.skipif(not (SHARED / "datasets" / "fakenewsnet").exists(), reason="needs ../shared")
def test_eval_attribution_scores_analyze_on_the_real_news_dev_half() -> None:
    figures = run_json("eval", "attribution", "--real", str(SHARED), "--split", "dev")
    assert figures["split"] == "dev" and figures["n_articles"] >= 20
    low, high = figures["speaker_f1"]["ci95"]
    assert low <= figures["speaker_f1"]["value"] <= high
    assert figures["errors"], "every disagreement class is counted"


POLNEAR_TEXT = "The council said the pool would reopen in May.\n"


def _transformer_or_skip() -> None:
    from newstrace.ml.attribution.transformer import transformer_available

    if not transformer_available():
        pytest.skip("the optional newstrace[tagger] extra or the model file is missing")


@pytest.mark.parametrize("method", ["crf", "transformer", "tagger"])
def test_eval_polnear_scores_a_brat_split(tmp_path: Path, method: str) -> None:
    if method == "transformer":
        _transformer_or_skip()
    (tmp_path / "text").mkdir()
    (tmp_path / "attributions").mkdir()
    write(tmp_path / "text" / "pub_2017-01-01_pool.txt", POLNEAR_TEXT)

    def bound(bound_id: str, label: str, needle: str) -> str:
        start = POLNEAR_TEXT.index(needle)
        return f"{bound_id}\t{label} {start} {start + len(needle)}\t{needle}"

    ann = [
        bound("T1", "Source", "The council"),
        bound("T2", "Cue", "said"),
        bound("T3", "Content", "the pool would reopen in May"),
        bound("T4", "Attribution", "said"),
        "E1\tAttribution:T4 Source:T1 Cue:T2 Content:T3",
    ]
    write(tmp_path / "attributions" / "pub_2017-01-01_pool_ann1.ann", "\n".join(ann) + "\n")
    figures = run_json("eval", "polnear", "--data", str(tmp_path), "--method", method)
    assert figures["method"] in ({method} if method != "tagger" else {"crf", "transformer"})
    assert (figures["n_articles"], figures["n_gold"]) == (1, 1)
    for role in ("source", "cue", "content"):
        assert set(figures[role]) == {"exact", "overlap"}
        assert {"precision", "recall", "f1"} <= set(figures[role]["overlap"])
    assert figures["source"]["exact"]["f1"] == 1.0


def test_eval_polnear_refuses_a_folder_that_is_not_a_split(tmp_path: Path) -> None:
    result = run("eval", "polnear", "--data", str(tmp_path))
    assert result.exit_code == 2 and "text/ and attributions/" in result.output


def test_eval_polnear_refuses_an_unknown_method(tmp_path: Path) -> None:
    (tmp_path / "text").mkdir()
    (tmp_path / "attributions").mkdir()
    result = run("eval", "polnear", "--data", str(tmp_path), "--method", "oracle")
    assert result.exit_code == 2 and "unknown method 'oracle'" in result.output


# --- train ------------------------------------------------------------------------------------


def test_train_attribution_refuses_an_unknown_model(tmp_path: Path) -> None:
    result = run("train", "attribution", "--shared", str(tmp_path), "--model", "bert-large")
    assert result.exit_code == 2 and "one of crf, transformer, fragments, sources" in result.output


def test_train_without_shared_datasets_exits_2(tmp_path: Path) -> None:
    result = run("train", "liar", "--shared", str(tmp_path), "--out", str(tmp_path / "m.json"))
    assert result.exit_code == 2 and "datasets/" in result.output


def test_train_liar_reproduces_a_loadable_model_from_a_shared_folder(tmp_path: Path) -> None:
    liar = tmp_path / "datasets" / "liar"
    liar.mkdir(parents=True)
    rows = [(f"{i}.json", label, text) for i, (_, label, text) in enumerate(LIAR_ROWS * 6)]
    write(liar / "train.tsv", liar_tsv(rows))
    write(liar / "valid.tsv", liar_tsv(LIAR_ROWS))
    out = tmp_path / "liar.json"
    report = run_json("train", "liar", "--shared", str(tmp_path), "--out", str(out))
    assert report["model"] == str(out) and out.exists()
    assert "valid_with_credit_history_not_shipped" in report["figures"]
    assert json.loads(out.read_text())["metadata"]["config"]["seed"] == 13


# --- the metrics behind the figures -----------------------------------------------------------


def test_average_precision_and_macro_f1_agree_with_scikit_learn() -> None:
    rng = np.random.default_rng(0)
    for _ in range(50):
        y = rng.integers(0, 2, 40)
        y[0] = 1
        scores = np.round(rng.random(40), 1)  # rounding makes ties, the tricky case
        assert average_precision(y, scores) == pytest.approx(average_precision_score(y, scores))
        predicted = rng.integers(0, 3, 40)
        labels = rng.integers(0, 3, 40)
        assert macro_f1(labels, predicted, 3) == pytest.approx(
            f1_score(labels, predicted, average="macro")
        )


def test_map_averages_only_debates_with_a_positive() -> None:
    y = np.array([1, 0, 0, 1, 0, 0])
    scores = np.array([0.9, 0.1, 0.5, 0.2, 0.8, 0.1])
    groups = ["a", "a", "b", "c", "c", "c"]
    assert mean_average_precision(groups, y, scores) == pytest.approx((1.0 + 0.5) / 2)


def test_cluster_bootstrap_keeps_whole_clusters_together() -> None:
    values = np.array([1.0, 1.0, 0.0, 0.0])
    intervals = bootstrap_clusters(
        lambda i: {"mean": float(values[i].mean())}, ["x", "x", "y", "y"], seed=1, resamples=200
    )
    assert intervals["mean"][0] == 0.0 and intervals["mean"][1] == 1.0


def test_ranking_report_point_figures_lie_inside_their_intervals() -> None:
    rng = np.random.default_rng(3)
    y = rng.integers(0, 2, 200)
    scores = np.clip(y * 0.3 + rng.random(200) * 0.7, 0, 1)
    report = ranking_report(y, scores, 0.5, groups=[str(i % 4) for i in range(200)])
    for name in (*FIGURES, "map"):
        assert_interval(report[name])
