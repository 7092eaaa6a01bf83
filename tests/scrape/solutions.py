"""Known-correct programs for every task the recorded sessions yield, keyed by task id.

AtCoder and AOJ solutions sit beside their fixture pages; the others were written for their fixtures here.
Stdio programs are appended to the task's prompt (a `solve()` skeleton), function programs define the entry point.
"""

from __future__ import annotations

from pathlib import Path

SITES = Path(__file__).resolve().parents[1] / "fixtures" / "sites"
BESIDE_THE_PAGES = {
    "atcoder/abc901/a": "atcoder/abc901_a.py", "atcoder/abc901/ex": "atcoder/abc901_h.py",
    "atcoder/old901/a": "atcoder/old901_1.py", "aoj/9901": "aoj/9901.py", "aoj/9902": "aoj/9902.py",
    "aoj/SFT1_1_A": "aoj/SFT1_1_A.py"}
WRITTEN_HERE = {
    "codeforces/1901/A": "n, k = map(int, input().split())\nprint((n + k - 1) // k)\n",
    "codeforces/1901/B": ("import sys\ndata = sys.stdin.read().split()\nt, i = int(data[0]), 1\nfor _ in range(t):\n"
                          "    n = int(data[i]); a = list(map(int, data[i + 1:i + 1 + n])); i += 1 + n\n"
                          "    print(sum(x if j % 2 == 0 else -x for j, x in enumerate(a)))\n"),
    "codeforces/1902/A": "import math\nr, d = map(int, input().split())\nprint(f'{2 * math.pi * (r + d):.9f}')\n",
    "codechef/SFTCANDY": "for _ in range(int(input())):\n    x, k = map(int, input().split())\n    print(x % k)\n",
    "codechef/SFTSUM2": ("for _ in range(int(input())):\n    input()\n    a = sorted(map(int, input().split()))\n"
                         "    print(a[0] + a[1])\n"),
    "leetcode/pair-with-target-sum": ("def pairWithTargetSum(nums, target):\n    seen = {}\n"
                                      "    for j, x in enumerate(nums):\n        if target - x in seen:\n"
                                      "            return [seen[target - x], j]\n        seen[x] = j\n"),
    "leetcode/reverse-each-word": "def reverseEachWord(s):\n    return ' '.join(w[::-1] for w in s.split(' '))\n",
    "leetcode/mean-of-positive-numbers": ("def meanOfPositive(nums):\n    p = [x for x in nums if x > 0]\n"
                                          "    return sum(p) / len(p)\n"),
}


def known_solutions() -> dict[str, str]:
    return {**{tid: (SITES / name).read_text(encoding="utf-8") for tid, name in BESIDE_THE_PAGES.items()},
            **WRITTEN_HERE}
