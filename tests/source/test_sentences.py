"""Sentence splitting: SRX-style rules with exceptions, per script."""

from __future__ import annotations

import pytest

from editions.source.sentences import join, split


@pytest.mark.parametrize("text, expected", [
    ("One. Two! Three? Four.", ["One.", "Two!", "Three?", "Four."]),
    ("Mr. Smith met Dr. Who. Then he left.", ["Mr. Smith met Dr. Who.", "Then he left."]),
    ("It rose 2.5% in 2024. Then it fell.", ["It rose 2.5% in 2024.", "Then it fell."]),
    ("See No. 7 and Fig. 3 below. Next.", ["See No. 7 and Fig. 3 below.", "Next."]),
    ("The U.S. economy grew. It slowed.", ["The U.S. economy grew.", "It slowed."]),
    ('He said "Stop." Then he left.', ['He said "Stop."', "Then he left."]),
    ("In *Qiushi Journal*. Next one.", ["In *Qiushi Journal*.", "Next one."]),
    ("a lower case. continuation stays", ["a lower case. continuation stays"]),
    ("第一句。第二句！第三句？", ["第一句。", "第二句！", "第三句？"]),
    ("هذه جملة. وهذه أخرى؟ نعم.", ["هذه جملة.", "وهذه أخرى؟", "نعم."]),
])
def test_split(text, expected):
    assert split(text) == expected


def test_join_respects_the_target_script():
    assert join(["一。", "二。"], "zh-Hans") == "一。二。"
    assert join(["Un.", "Deux."], "fr") == "Un. Deux."
