"""Each event says how sure rasd is of it and what produced it."""

from datetime import date

from rasd.extract import Extractor, extract
from rasd.extract.confidence import ConfidenceModel
from rasd.extract.typer import RuleTyper, Typing
from rasd.model import Article

PUBLISHED = date(2011, 6, 4)


def test_every_event_has_a_confidence_and_its_rules():
    (event,) = extract(Article("c", "A roadside bomb exploded near a police patrol in Amarah on Friday, "
                               "killing two policemen.", PUBLISHED))
    assert 0.0 < event.confidence <= 1.0
    assert event.rules[0] == "ied" and "place:sentence" in event.rules and "day:stated" in event.rules
    assert event.to_record()["rules"] == list(event.rules)


def test_a_place_and_day_read_from_the_story_are_less_sure_than_stated_ones():
    stated, = extract(Article("c", "Gunmen killed a shopkeeper in Amarah on Friday.", PUBLISHED))
    story = extract(Article("c", "AMARA, Iraq (AFP) - Police said on Saturday that a shopkeeper had been "
                            "shot dead by gunmen.", PUBLISHED))
    assert story and story[0].confidence < stated.confidence


def test_the_model_is_a_logistic_of_its_weights():
    model = ConfidenceModel({"day_stated": 2.0}, -1.0)
    assert model.score({"day_stated": 1.0}) == round(1 / (1 + 2.718281828 ** -1.0), 4)
    assert model.score({"unknown_feature": 5.0}) == round(1 / (1 + 2.718281828), 4)


class OnlyBombs:
    """A typer of our own, beside the rules: anything with "bomb" is an IED, nothing else is."""

    def type(self, sentence: str) -> Typing | None:
        at = sentence.find("bomb")
        if at < 0:
            return None
        return Typing("Explosions/Remote violence", "Remote explosive/landmine/IED", at, at + 4, 0.6, ("only-bombs",))


def test_another_typer_decides_the_type_and_the_rest_reads_the_same():
    text = "Gunmen killed a shopkeeper in Amarah on Friday. A bomb exploded in Basra on Friday."
    events = Extractor(typer=OnlyBombs()).extract(Article("t", text, PUBLISHED))
    assert [(e.sub_event_type, e.admin1_code, e.rules[0]) for e in events] == [
        ("Remote explosive/landmine/IED", "IQ-BA", "only-bombs")]
    assert RuleTyper(Extractor().lexicon).type("A roadside bomb exploded in Basra on Friday.").rules == ("ied",)
