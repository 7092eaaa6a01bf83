"""CodeChef Markdown bodies: headings in their spellings, samples in fences or <pre> tables, cleaning."""

from __future__ import annotations

from sftmine.sites.codechef_body import body_samples, clean, has_image, marked_samples, parts, sample_text

BODY = """### Read problems statements in [Hindi](https://x/h.pdf) as well.

Find $A+B$.

###Input:
Two integers.

### Output
Their sum.

### Subtasks
**Subtask #1 (100 points):** original constraints

###Sample Input:
```
1 2
```
###Sample Output:
```
3
```
### Explanation
```
not a sample
```
<aside style='x'><div>All submissions for this problem are available.</div></aside>"""


def test_headings_with_and_without_spaces_are_sections():
    kinds = [(p.heading, p.kind) for p in parts(BODY)]
    assert kinds == [("", "statement"), ("Input", "input"), ("Output", "output"), ("Subtasks", "notes"),
                     ("Sample Input", "sample_in"), ("Sample Output", "sample_out"), ("Explanation", "notes")]
    assert parts(BODY)[0].text == "Find $A+B$."


def test_samples_come_from_the_sample_sections_only():
    assert body_samples(parts(BODY)) == [{"input": "1 2\n", "output": "3\n"}]
    table = "### Sample 1:\n<table><tr><td><pre>5\r\n1 2</pre></td><td><pre>3</pre></td></tr></table>"
    assert body_samples(parts(table)) == [{"input": "5\n1 2\n", "output": "3\n"}]


def test_clean_and_sample_text():
    assert clean("a\r\n\r\n\r\n\r\nb <b>c</b>") == "a\n\nb c"
    assert clean(None) == ""
    assert sample_text(42) == "42\n" and sample_text("\r\n1\r\n2  \r\n") == "1\n2\n" and sample_text("") == ""
    assert has_image("see ![fig](a.png)") and has_image("<IMG src=x>") and not has_image("[link](a.pdf)")


def test_one_fenced_example_labelled_input_and_output():
    body = ("Find the XOR.\n\n### Example\n\n```\n<b>Input:</b>\n2\n1 2\n3 3\n\n<b>Output:</b>\n3\n0\n\n\n```\n"
            "### Explanation\nSee above.")
    assert [p.kind for p in parts(body)] == ["statement", "samples", "notes"]
    assert body_samples(parts(body)) == [{"input": "2\n1 2\n3 3\n", "output": "3\n0\n"}]


def test_marked_samples_pair_each_input_with_the_next_output():
    block = "Input:\n1\nOutput:\nyes\n\nInput:\n2\n\nOutput:\nno\nInput:\n3\n"
    assert marked_samples(block) == [{"input": "1\n", "output": "yes\n"}, {"input": "2\n", "output": "no\n"}]
    assert marked_samples("5\n1 2\n") == []


def test_html_headings_cut_an_html_body_and_a_markdown_one_keeps_its_html_translation_note():
    html = '<h3>Input</h3>A line.<h3>Output</h3><p>A number.</p><h3>Example</h3><pre><b>Input:</b>\n1\n<b>Output:</b>\n2</pre>'
    assert [(p.heading, p.kind, p.text) for p in parts(html)][:2] == [("Input", "input", "A line."),
                                                                       ("Output", "output", "A number.")]
    assert body_samples(parts(html)) == [{"input": "1\n", "output": "2\n"}]
    mixed = ('<span class="solution-visible-txt">All submissions for this problem are available.</span>'
             '<h3>Read problems statements in <a href="x.pdf">Russian</a>\nas well.</h3>\n\nFind it.\n\n### Input\nN.')
    assert [(p.kind, p.text) for p in parts(mixed)] == [("statement", "Find it."), ("input", "N.")]
