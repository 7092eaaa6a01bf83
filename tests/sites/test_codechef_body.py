"""CodeChef Markdown bodies: headings in their spellings, samples in fences or <pre> tables, cleaning."""

from __future__ import annotations

from sftmine.sites.codechef_body import body_samples, clean, has_image, parts, sample_text

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
