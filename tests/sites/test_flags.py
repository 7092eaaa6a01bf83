"""Special judge, interactive and tolerance phrases in every language the judges publish statements in."""

from __future__ import annotations

import pytest

from sftmine.sites.flags import float_tolerance, special_judge, text_flags


@pytest.mark.parametrize("sentence", [
    "Если существует несколько возможных ответов, выведите любой из них.",  # Codeforces, Russian
    "Если решений несколько, разрешается вывести любое.",
    "Если ответов несколько, можно напечатать любой.",
    "Если подходящих перестановок несколько, любая из них будет засчитана.",
    "如果有多个答案，输出任意一个即可。",  # Chinese
    "若有多组解，任意一组均可。",
    "本题采用特殊评测：答案不唯一时，输出任意一种方案。",
    "Si hay varias respuestas posibles, imprime cualquiera de ellas.",  # Spanish
    "Si existen múltiples soluciones, puedes mostrar cualquiera.",
    "Nếu có nhiều đáp án, hãy in ra một đáp án bất kỳ.",  # Vietnamese
    "যদি একাধিক উত্তর থাকে, তাহলে যেকোনো একটি প্রিন্ট করো।",  # Bengali
    "答えが複数ある場合は、どれを出力しても正解となる。",  # Japanese, as before
])
def test_any_answer_is_a_special_judge_in_every_language(sentence):
    assert special_judge(sentence)


@pytest.mark.parametrize("sentence", [
    "Вася очень любит числа, и у него их несколько.",  # "loves", not "any"
    "Для любого i от 1 до n выведите a_i.",  # "any" without several answers
    "В первой строке выведите несколько чисел через пробел.",  # "several" without "any"
    "输出这两个数之和。",
    "Imprime la suma de los números.",
    "In ra tổng của các số.",
    "উত্তরটি প্রিন্ট করো।",
])
def test_ordinary_output_sentences_are_not(sentence):
    assert not special_judge(sentence)


@pytest.mark.parametrize("sentence", [
    "Это интерактивная задача.", "Не забудьте сбросить буфер вывода после каждого запроса.",
    "这是一道交互题。", "Este es un problema interactivo.", "Đây là bài toán tương tác.",
    "এটি একটি ইন্টারঅ্যাক্টিভ সমস্যা।", "This is an interactive problem."])
def test_interactive_in_every_language(sentence):
    assert text_flags(sentence) == {"interactive": True}


@pytest.mark.parametrize("sentence, tolerance", [
    ("Ответ считается правильным, если его абсолютная или относительная погрешность не превосходит 10^{-6}.",
     {"abs": 1e-6, "rel": 1e-6}),
    ("你的答案与标准答案的相对误差不超过 10^{-9} 即视为正确。", {"rel": 1e-9}),
    ("Tu respuesta se considera correcta si su error absoluto no supera 10^{-4}.", {"abs": 1e-4}),
])
def test_float_tolerance_in_other_languages(sentence, tolerance):
    assert float_tolerance(sentence) == pytest.approx(tolerance)
