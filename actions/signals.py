"""What a message (on top of the case) signals: the named conditions the hand-over rows in
actions/registry.py test. Each is a pure function of the benchmark and the details, reading cue
words from knowledge/cues.yml; none sends anything."""

from __future__ import annotations

from actions.details import Details
from knowledge.cues import said
from knowledge.loader import Benchmark
from knowledge.pay_words import describes_package


def _new_level(details: Details) -> bool:
    return bool(details.new.get("level") or details.new.get("years"))


def offers_a_figure(bm: Benchmark, details: Details) -> bool:
    """'is £45,000 fair for a junior in Leeds?' asked as a band question: the band comes with the check."""
    return details.amount is not None and not details.amount_is_total and not details.employers


def employer_without_level(bm: Benchmark, details: Details) -> bool:
    """'does OpenAI pay well in London?': about an employer, not the user's band."""
    return bool(details.unlisted_employer or details.employers) and not details.levels(bm)


def _devops_pay_known(details: Details) -> bool:
    return details.role == "devops" and bool(details.current_salary or details.devops_salary)


def devops_pay_without_level(bm: Benchmark, details: Details) -> bool:
    """'I work in DevOps' / 'currently £62k' / 'what would MLOps pay me?': the premium on that pay."""
    return not details.levels(bm) and _devops_pay_known(details)


def mlops_pay_for_devops(bm: Benchmark, details: Details) -> bool:
    """'what could I make in MLOps?' from a DevOps engineer whose pay is known, naming nothing new:
    the premium on their pay (with their band, when their level and place are known)."""
    nothing_new = not (_new_level(details) or details.new.get("region") or details.amount is not None or details.employers)
    return nothing_new and _devops_pay_known(details) and said("mlops_pay", details.text)


def about_the_offers(bm: Benchmark, details: Details) -> bool:
    """'side by side?', 'how do they compare?' with two or more offers known and no new level or place."""
    new_detail = _new_level(details) or details.new.get("region")
    return len(details.offers) > 1 and not new_detail and said("compare_question", details.text)


def names_a_tip(bm: Benchmark, details: Details) -> bool:
    """'I'm remote, should I get London pay?': a tip, not a table."""
    return bool(details.tip)


def one_level_or_a_figure(bm: Benchmark, details: Details) -> bool:
    """'senior in london', 'got 190 on the table' read as the level table: one band, not the table."""
    return (_new_level(details) and not said("all_levels", details.text)) or details.amount is not None


def devops_salary_not_offer(bm: Benchmark, details: Details) -> bool:
    """'devops on 80k atm': a DevOps salary, not an offer to check."""
    text, figure = details.text, details.amount is not None or details.new.get("current_salary")  # their pay, however read
    own_pay = details.role == "devops" and details.new.get("current_salary") and details.amount is None  # "pay is 52k" after "devops eng"
    return bool(figure) and (said("devops", text) or bool(own_pay)) and not said("offer_words", text)


def level_but_nothing_to_judge(bm: Benchmark, details: Details) -> bool:
    """'senior in leeds', an advert with no salary, read as an offer check: only the band to give."""
    no_figure = details.amount is None and details.offer_amount is None and not details.every_offer  # "are both fair?" has two
    return no_figure and bool(details.levels(bm)) and not said("offer_words", details.text)


def package_terms(bm: Benchmark, details: Details) -> bool:
    """'80 base, 8 bonus': a package to add up, not a base to check."""
    return details.describes_terms() and not details.amount_is_total


def _new_question(details: Details) -> bool:
    """Classified as the DevOps premium but never saying DevOps, and not the salary Payband asked for."""
    own_pay = details.role == "devops" and not said("offer_words", details.text)  # "salary 55k" from a DevOps engineer
    return details.topic != "devops_premium" and details.devops_salary is None and not said("devops", details.text) and not own_pay


def employer_not_premium(bm: Benchmark, details: Details) -> bool:
    """'and DeepMind?' misread as the premium: answering it as one would claim a DevOps salary."""
    return _new_question(details) and bool(details.employers or details.unlisted_employer)


def figure_not_premium(bm: Benchmark, details: Details) -> bool:
    """'got offered 80k' misread as the premium: an offer check."""
    return _new_question(details) and details.amount is not None


def own_band_not_employer(bm: Benchmark, details: Details) -> bool:
    """'what's the pay like?' after 'senior in Leeds': their band, not 'which employer?'."""
    no_employer = not details.employers and not details.unlisted_employer
    return no_employer and bool(details.levels(bm)) and said("pay_question", details.text) and not said("employer_words", details.text)


def a_figure_to_check(bm: Benchmark, details: Details) -> bool:
    """'first offer 80k base' read as tips or the employer ranking: a figure to check (or a package to add up)."""
    return details.amount is not None and not details.tip and not details.employers and not said("employer_words", details.text)


def employer_not_tip(bm: Benchmark, details: Details) -> bool:
    """'and DeepMind?' after the tips: pay there, not tips."""
    return not details.tip and bool(details.employers or details.unlisted_employer)


def asks_the_figure_too(bm: Benchmark, details: Details) -> bool:
    """'six years in' / 'if I relocated to London what could I ask for?': the band to ask from, then how."""
    return bool(details.levels(bm) and details.regions(bm)) and bool(details.new.get("region") or said("how_much", details.text))


def no_figure_to_place(bm: Benchmark, details: Details) -> bool:
    """'mid band in cardiff' read as band position: no figure to place, so the band itself."""
    no_figure = details.amount is None and details.offer_amount is None and not details.current_salary
    return no_figure and not details.amount_unreadable


def figure_but_nothing_written(bm: Benchmark, details: Details) -> bool:
    """'what should I counter 80k with?' read as the email: the offer check names the counter."""
    return details.amount is not None and not said("written", details.text)


def figure_with_no_call_words(bm: Benchmark, details: Details) -> bool:
    """'they came back with 105' (no word of a call) read as the call script: the offer check. A
    figure given in reply to the script's own question stays with the script."""
    answering = details.topic == "call_script" and details.pending is not None
    return details.amount is not None and not answering and not said("on_the_call", details.text)


def fairness_asked_too(bm: Benchmark, details: Details) -> bool:
    """'105k base + 15% bonus, senior in london. fair?': one package given and its fairness asked, so the
    base is checked against the band before the package is added up."""
    one = details.offers_new and len(details.offers) == 1 and details.offers[0].base is not None
    return one and said("offer_question", details.text)


def several_packages(bm: Benchmark, details: Details) -> bool:
    """'105k at a fintech vs 98k at a scaleup' read as total comp: two packages, side by side (unless
    the message picks one: 'what's the bank one worth a year?')."""
    return len(details.offers) > 1 and details.picked is None


def about_every_offer(bm: Benchmark, details: Details) -> bool:
    """'are both fair?', 'where does each sit in its band?' with several offers: side by side."""
    return details.every_offer and details.amount is None


def a_base_to_check(bm: Benchmark, details: Details) -> bool:
    """'offer came in at 70, currently on 60' read as total comp: a base to check, nothing to add up."""
    plain = details.offers_new and not details.describes_terms() and not describes_package(details.text)
    return plain and details.amount is not None


def advice_not_comparison(bm: Benchmark, details: Details) -> bool:
    """'how to haggle a better offer' read as offers side by side: advice."""
    return not details.offers and not said("several_offers", details.text) and details.amount is None


def one_package_alone(bm: Benchmark, details: Details) -> bool:
    """One package and no word of another: add it up (or check a lone base)."""
    return len(details.offers) == 1 and details.offers_new and not said("several_offers", details.text)


def employer_not_package(bm: Benchmark, details: Details) -> bool:
    """'what's the total comp on AWS's ML teams?' read as a package to add up: that employer's row."""
    named = bool(details.employers or details.unlisted_employer) and not details.offers_new and details.amount is None
    return named and not package_against_employer(bm, details)


def package_against_employer(bm: Benchmark, details: Details) -> bool:
    """'how does it compare with DeepMind?' after one package was given: its total against that group's row."""
    one = len(details.offers) == 1 and details.offers[0].base is not None and not details.offers_new
    return one and len(details.employers) == 1 and details.amount is None


def asks_every_level(bm: Benchmark, details: Details) -> bool:
    """'show me all the bands for London' read as one band with no level: every level's band there."""
    return not details.levels(bm) and said("all_levels", details.text) and details.amount is None
