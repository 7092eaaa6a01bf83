from sftmine.testgen.inputs import Input
from sftmine.testgen.select import select


def _items(pairs):
    return [(Input([x]), out) for x, out in pairs]


def test_new_outputs_first_and_round_robin_across_outputs():
    labelled = _items([(1, "True"), (2, "True"), (3, "True"), (4, "False"), (5, "False"), (6, "7")])
    chosen = select(labelled, known_outputs=["True"], limit=4)
    outputs = [out for _, out in chosen]
    assert outputs[:2] == ["False", "7"] or outputs[:2] == ["7", "False"]  # outputs the task never shows
    assert set(outputs) == {"True", "False", "7"} and len(chosen) == 4


def test_small_and_large_inputs_alternate_and_shared_outputs_take_turns():
    labelled = _items([(x, str(abs(x))) for x in (1, -1, 2, -2, 300, -300)])
    chosen = [inp.args[0] for inp, _ in select(labelled, [], limit=3)]
    assert min(map(abs, chosen)) == 1 and max(map(abs, chosen)) == 300
    assert any(x < 0 for x in chosen) and any(x > 0 for x in chosen)


def test_limit_and_empty():
    assert select([], [], 5) == []
    assert len(select(_items([(x, str(x)) for x in range(50)]), [], 30)) == 30
