"""Sentences as data: comparisons worded from their numbers, totals checked, noise found."""

import pytest

from phaseone.present.statements import (
    Sentence,
    Total,
    compare,
    money,
    problems,
    say,
    share,
    text_problems,
)


def test_the_word_of_a_comparison_follows_its_numbers():
    words = {"all": "both below", "none": "neither below", "some": "one of the two below"}
    assert compare([165, 170], [175, 180], "<", words).word == "both below"
    assert compare([185, 170], [175, 180], "<", words).word == "one of the two below"
    assert compare([185, 190], [175, 180], "<", words).word == "neither below"
    inside = compare([1.0, 5.0], [(0, 2), (0, 2)], "in", {"all": "inside", "none": "outside",
                                                          "some": "partly inside"})
    assert inside.word == "partly inside"


def test_a_false_comparison_is_named():
    c = compare([165], [175], "<", {"all": "below", "none": "not below"})
    lie = say("Exports were {w} the lower end.", w=c.__class__("not below", c.values,
                                                                  c.references, "<", "none"))
    assert problems(say("Exports were {w} the lower end.", w=c), "s") == []
    assert "'not below' is false" in problems(lie, "tracker")[0]


def test_a_per_year_figure_must_multiply_to_its_total():
    good = say("{a} a year ({t} over four years)", a=money(196.2, "per_year"),
               t=money(784.8), totals=[Total(196.2, 4, 784.8)])
    bad = say("{a} a year ({t} over four years)", a=money(196.2, "per_year"),
              t=money(970.4), totals=[Total(196.2, 4, 970.4)])
    assert problems(good, "s") == []
    assert "196.2 a year for 4 years is not 970.4" in problems(bad, "plan")[0]


def test_a_cited_value_must_be_shown():
    s = Sentence("China bought 57.6%.", (share(0.58),))
    assert any("cited but not shown" in p for p in problems(s, "s"))


@pytest.mark.parametrize("text", [
    "energy $nan billion", "2.4 to inf", "a None", "the 2017.0 level", "111.19999999999999",
    "January-January 2020", "over 1 years", "2027-2027", "a 100% interval",
    "p-value of nan"])
def test_what_no_reader_should_see_is_found(text):
    assert text_problems(text, "here")


@pytest.mark.parametrize("text", [
    "$288.8 billion in 2020-21", "57.6%", "January-June 2021", "2020 and 2021",
    "a 99.9% interval", "over 2 years", "interval 0.5 to 2.4"])
def test_what_a_reader_may_see_passes(text):
    assert text_problems(text, "here") == []
