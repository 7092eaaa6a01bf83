"""Statement bodies -> sections, text with TeX, samples and flags; and all 2,999 real CodeNet statements."""

from __future__ import annotations

import tarfile
import time
from collections import Counter
from pathlib import Path

import pytest

from sftmine.records import RawProblem
from sftmine.sites.statement import classify, extract, raw_fields
from sftmine.tasks import Dropped, build_task

DATA = Path(__file__).resolve().parents[2] / ".." / "shared" / "data"
TARBALL = DATA / "codenet-statements.tar.gz"

ATCODER_HALVES = """
<span class="lang">
<span class="lang-ja"><p>配点 : <var>100</var> 点</p>
<div class="part"><section><h3>問題文</h3><p><var>N</var> を出力せよ。</p></section></div>
<div class="part"><section><h3>入力例 1</h3><pre>5
</pre></section></div>
<div class="part"><section><h3>出力例 1</h3><pre>5
</pre></section></div></span>
<span class="lang-en"><p>Score : <var>100</var> points</p>
<div class="part"><section><h3>Problem Statement</h3><p>Print <var>N</var>, where <var>1 \\leq N \\leq 10^9</var>.</p>
<ul><li>first</li><li>second with 10<sup>5</sup> and a<sub>i</sub></li></ul></section></div>
<div class="part"><section><h3>Input</h3><p>Input is given in the following format:</p><pre><var>N</var>
</pre></section></div>
<div class="part"><section><h3>Output</h3><p>Print the answer.</p></section></div>
<div class="part"><section><h3>Sample Input 1</h3><pre>5
</pre></section></div>
<div class="part"><section><h3>Sample Output 1</h3><pre>5
</pre><p>Explained.</p></section></div></span>
</span>"""

AOJ_BODY = """<H1>Hello World</H1>
<p>Print <var>n</var> lines.</p>
<H2>Input</H2><p>An integer <var>n</var>.</p>
<H2>Constraints</H2><ul><li>1 &le; <var>n</var> &le; 10</li></ul>
<H2>Output</H2><p>The lines.</p>
<H2>Sample Input 1</H2>
<pre>
2
</pre>
<H2>Output for the Sample Input 1</H2>
<pre>
Hello
Hello
</pre>
<H2>Sample Input 2</H2>
<pre>
1
</pre>
<H2>Output for the Sample Input 2</H2>
<pre>
Hello
</pre>"""


def test_atcoder_halves_prefer_english_and_do_not_double_samples():
    st = extract(ATCODER_HALVES)
    assert st.samples == [{"input": "5\n", "output": "5\n"}]
    assert "Print $N$, where $1 \\leq N \\leq 10^9$." in st.statement
    assert "- second with 10^{5} and a_{i}" in st.statement
    assert "出力" not in st.statement and "Score" not in st.statement  # ja half and the score line are gone
    assert st.input_spec == "Input is given in the following format:\n\n    N"
    assert "Explained" not in st.statement  # sample explanations stay out of the statement text


def test_japanese_half_when_asked_for():
    assert "を出力せよ" in extract(ATCODER_HALVES, prefer="ja").statement


def test_aoj_body_title_sections_and_samples():
    st = extract(AOJ_BODY)
    assert st.title == "Hello World"
    assert st.statement == "Print $n$ lines."
    assert st.constraints == "- 1 ≤ $n$ ≤ 10"
    assert st.samples == [{"input": "2\n", "output": "Hello\nHello\n"}, {"input": "1\n", "output": "Hello\n"}]
    assert st.flags == {}
    assert raw_fields(st)["output_spec"] == "The lines."


@pytest.mark.parametrize("heading, kind, number", [
    ("Sample Input 2", "sample_in", 2), ("入力例 ３", "sample_in", 3), ("Output for the Sample Input 1", "sample_out", 1),
    ("Sample Output for Input 4", "sample_out", 4), ("出力例２", "sample_out", 2), ("Sapmle Input 1", "sample_in", 1),
    ("Input #2", "sample_in", 2), ("出力1", "sample_out", 1), ("Input", "input", None), ("入力形式", "input", None),
    ("Input and Output", "input", None), ("入力・出力", "input", None), ("入出力", "input", None),
    ("入出力例", "samples", None), ("入力・出力の例", "samples", None), ("Sample Input and Output", "samples", None),
    ("Examples", "samples", None), ("Constraints", "constraints", None), ("制約", "constraints", None),
    ("Problem Statement", "statement", None), ("Notes", "other", None), ("Hint", "notes", None),
    ("Partial Score", "notes", None), ("Sample Program", "notes", None),
    ("Balls and Boxes 2", "other", 2)])
def test_heading_kinds(heading, kind, number):
    assert classify(heading) == (kind, number)


def test_combined_input_output_section_is_cut_at_its_output_line():
    st = extract("<h2>Input and Output</h2><p><b>Input</b><br>Two integers.</p><pre>\nOutput\n</pre>"
                 "<p><b>Output</b><br>Their sum.</p><h2>Sample Input</h2><pre>1 2</pre><h2>Sample Output</h2><pre>3</pre>")
    assert st.input_spec == "Two integers.\n\n    Output"  # a line of a <pre> does not cut it
    assert st.output_spec == "Their sum." and st.samples == [{"input": "1 2\n", "output": "3\n"}]


def test_notes_stay_in_the_statement_under_their_heading_and_partial_scores_do_not():
    st = extract("<h3>Problem Statement</h3><p>A</p><h3>Notes</h3><p>B</p><h3>Partial Score</h3><p>C</p>")
    assert st.statement == "A\n\nNotes\nB"


def test_samples_pair_by_number_and_from_combined_sections():
    body = ("<h2>入出力例</h2><h3>入力1</h3><pre>1\n</pre><h3>入力2</h3><pre>2\n</pre>"
            "<h3>出力2</h3><pre>b\n</pre><h3>出力1</h3><pre>a\n</pre>")
    assert extract(body).samples == [{"input": "1\n", "output": "a\n"}, {"input": "2\n", "output": "b\n"}]
    combined = "<h2>Sample Input and Output</h2><pre>1 2\n</pre><pre>3\n</pre><pre>4 5\n</pre><pre>9\n</pre>"
    assert extract(combined).samples == [{"input": "1 2\n", "output": "3\n"}, {"input": "4 5\n", "output": "9\n"}]


def test_output_only_problem_and_uneven_samples():
    assert extract("<h3>Sample Output</h3><pre>42\n</pre>").samples == [{"input": "", "output": "42\n"}]
    st = extract("<h3>Sample Input 1</h3><pre>1</pre><h3>Sample Output 1</h3><pre>2</pre><h3>Sample Input 2</h3><pre>3</pre>")
    assert st.samples == [{"input": "1\n", "output": "2\n"}]
    assert st.flags["sample_problem"] == "2 sample inputs but 1 outputs"


def test_unclosed_heading_keeps_its_sample():
    st = extract("<h3>入力例<h3><pre>\n3\n</pre><h3>出力例</h3><pre>\n9\n</pre>")
    assert st.samples == [{"input": "3\n", "output": "9\n"}]


def test_images_count_only_where_the_prompt_shows_them():
    in_statement = extract('<h3>Problem Statement</h3><p><img src="a.png"> as shown.</p><h3>Sample Input 1</h3>'
                           '<pre>1</pre><h3>Sample Output 1</h3><pre>1</pre>')
    in_explanation = extract('<h3>Sample Input 1</h3><pre>1</pre><h3>Sample Output 1</h3><pre>1</pre>'
                             '<p><img src="b.png"></p>')
    assert in_statement.flags == {"images": 1}
    assert in_explanation.flags == {"images_elsewhere": 1}


@pytest.mark.parametrize("text", [
    "<p><strong>This is an interactive task.</strong></p>", "<p>この問題はリアクティブ問題です。</p>",
    "<pre>printf(\"? 1\\n\"); fflush(stdout);</pre>", '<div class="reactive-example"><table></table></div>'])
def test_interactive(text):
    assert extract(f"<h3>Problem Statement</h3>{text}").flags.get("interactive") is True


@pytest.mark.parametrize("sentence, special", [
    ("If there are multiple solutions, print any of them.", True),
    ("In case there are multiple possible answers, you can output any.", True),
    ("If there are multiple trees that satisfy the conditions, any such tree will be accepted.", True),
    ("複数ある場合はどれを出力してもよい。", True),
    ("You may print any number of digits after the decimal point.", False),
    ("Note that C is not on any of them.", False),
    ("Print the number of ways.", False)])
def test_special_judge(sentence, special):
    flags = extract(f"<h3>Output</h3><p>{sentence}</p>").flags
    assert flags.get("special_judge", False) is special


@pytest.mark.parametrize("sentence, tolerance", [
    ("Your answer is correct if its absolute or relative error is at most <var>10^{-6}</var>.", {"abs": 1e-6, "rel": 1e-6}),
    ("The output should not contain an absolute error greater than 10<sup>-5</sup>.", {"abs": 1e-5}),
    ("The output should not contain an error greater than 0.0001.", {"abs": 1e-4}),
    ("出力は真の値との相対誤差が 10<sup>-9</sup> 以下であればよい。", {"rel": 1e-9}),
    ("期待値の値はジャッジの用意した回答との誤差1e-9までが認められる。", {"abs": 1e-9}),
    ("with an error less than 0.0001 (= 1.0 &times; 10<sup>-4</sup>).", {"abs": 1e-4}),
    ("Print the answer modulo 998244353.", None),
    ("If there is an error in the input, print 0.", None)])
def test_float_tolerance(sentence, tolerance):
    found = extract(f"<h3>Output</h3><p>{sentence}</p>").flags.get("float_tolerance")
    if tolerance is None:
        assert found is None
    else:
        assert found.keys() == tolerance.keys()
        assert all(found[k] == pytest.approx(v) for k, v in tolerance.items())


def test_pdf_only_statement():
    st = extract('<a href="https://onlinejudge.u-aizu.ac.jp/resources/x/A.pdf">Problem description is here.</a>')
    assert st.flags == {"pdf_only": True} and st.samples == []


# --- all 2,999 real statements -------------------------------------------------------------------------

# Known answers: what each file becomes (kept with its samples, or the first drop reason).
EXPECTED_OUTCOMES = {"kept": 2371, "images": 520, "special_judge": 73, "no_samples": 17, "interactive": 14,
                     "empty_statement": 2, "pdf_only": 2}


@pytest.fixture(scope="module")
def codenet(tmp_path_factory) -> list[Path]:
    if not TARBALL.is_file():
        pytest.fail(f"{TARBALL} is missing: the shared data directory must sit beside the repository "
                    "(../shared/data/codenet-statements.tar.gz)")
    folder = tmp_path_factory.mktemp("codenet")
    with tarfile.open(TARBALL) as tar:
        tar.extractall(folder, filter="data")
    return sorted(folder.rglob("*.html"))


def _outcome(path: Path) -> tuple[str, int]:
    st = extract(path.read_text(encoding="utf-8", errors="replace"))
    raw = RawProblem(site="codenet", problem_id=path.stem, url=path.name, title=st.title, **raw_fields(st))
    try:
        task = build_task(raw)
    except Dropped as exc:
        return exc.reason, 0
    compile(task.prompt + "    pass\n", path.name, "exec")  # every prompt is valid Python
    return "kept", len(task.tests)


def test_every_codenet_statement_yields_samples_or_a_drop_reason(codenet):
    assert len(codenet) == 2999
    start = time.monotonic()
    outcomes, cases = Counter(), 0
    for path in codenet:
        outcome, n = _outcome(path)
        outcomes[outcome] += 1
        cases += n
        if outcome == "kept":
            assert n > 0, path.name
    elapsed = time.monotonic() - start
    print(f"\ncodenet statements: {dict(outcomes.most_common())}; {cases} sample cases; {elapsed:.1f}s")
    assert sum(outcomes.values()) == 2999
    assert dict(outcomes) == EXPECTED_OUTCOMES
