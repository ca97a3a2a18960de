"""Incoming text as people send it: markup, several questions in one message, pasted pages (no model needed)."""

import pytest

from channels.incoming import LONG_TEXT, condense, plain_text, prepare, split_questions


@pytest.mark.parametrize(
    "raw, plain",
    [
        ("<strong>mid-level</strong> pay in <em>Bristol</em>", "mid-level pay in Bristol"),
        ("<b>senior</b> in <i>Leeds</i>?", "senior in Leeds?"),
        ("<p>senior in Leeds</p><p>is 90k fair?</p>", "senior in Leeds\nis 90k fair?"),
        ("<span class='x'>Manchester</span> &amp; <u>junior</u>", "Manchester & junior"),
        ("<@U123ABC> senior in leeds", "senior in leeds"),
        ("<!here> <@U1|bob> staff in london", "staff in london"),
        ("see <https://jobs.example.com/123|the Wayve advert>", "see the Wayve advert"),
        ("see <https://jobs.example.com/123>", "see https://jobs.example.com/123"),
        ("<#C024BE7LR|jobs> senior in leeds", "#jobs senior in leeds"),
        ("*senior* in _manchester_", "senior in manchester"),
        ("~junior~ *_senior_* in `london`", "junior senior in london"),
        ("salary &lt; 90k &amp; fair?", "salary < 90k & fair?"),
        ("snake_case_name and 2*3*4 stay", "snake_case_name and 2*3*4 stay"),
        ("is £85k < £90k?", "is £85k < £90k?"),
        ("&gt; quoted: *senior* in Leeds\n&gt; :moneybag: £90k", "quoted: senior in Leeds\n£90k"),  # Slack quote and emoji
        ("meet at 10:30:00 :)", "meet at 10:30:00 :)"),
    ],
)
def test_markup_becomes_the_words_a_person_sees(raw, plain):
    assert plain_text(raw) == plain


@pytest.mark.parametrize(
    "text, parts",
    [
        ("mid-level band in Cardiff and what does DeepMind pay?", ["mid-level band in Cardiff", "what does DeepMind pay?"]),
        ("staff in London vs a mid in Sheffield", ["staff in London vs a mid in Sheffield"]),  # two roles weighed: one turn
        ("senior pay in Belfast, plus any tips for the call?", ["senior pay in Belfast", "any tips for the call?"]),
        (
            "I'm DevOps on 75k with 6 years in Reading: premium, and which band?",
            ["I'm DevOps on 75k with 6 years in Reading: premium", "which band?"],
        ),
        ("what's the band for seniors in Leeds? And who pays most?", ["what's the band for seniors in Leeds?", "And who pays most?"]),
        ("staff in edinburgh and senior in london", ["staff in edinburgh and senior in london"]),
        ("70k as devops + senior in leeds", ["70k as devops", "senior in leeds"]),
        ("senior in london, junior in leeds", ["senior in london, junior in leeds"]),
        ("is 90k fair for a senior in leeds, and what does wayve pay?", ["is 90k fair for a senior in leeds", "what does wayve pay?"]),
        (
            "whats the difference between mlops and devops pay, and where do your numbers come from?",
            ["whats the difference between mlops and devops pay", "where do your numbers come from?"],
        ),
        (
            "how much do seniors get in London and how about juniors in Leeds",
            ["how much do seniors get in London", "how about juniors in Leeds"],
        ),
    ],
)
def test_two_questions_become_two_turns(text, parts):
    assert split_questions(text) == parts


@pytest.mark.parametrize(
    "text",
    [
        "London vs rest of UK for mid-level",
        "juniors and seniors in Leeds",
        "senior in leeds and london",
        "is 90k fair and what should I counter?",
        "I'm a senior in London. Is 90k fair?",
        "They pay me 80k. Is that fair?",
        "how do I negotiate and what should I say?",
        "what does a senior earn in London",
        "where in the band does 76k put me? mid level, london",  # details after the question belong to it
        "can u write me a counter offer email? offered 78k for a mid role in london",
        "base 72k, bonus 6k. total? im mid level in birmingham",
        "two offers as a senior in leeds: 105k at a fintech vs 98k plus equity at a scaleup",  # one comparison
        "offer A 90k base and offer B 85k + 20k rsus",
        "junior role in Croydon - what's the range",  # the range is the band the details already ask for
        "is 60k ok for a mid in Leeds? offer from Northwind",  # a remark after the question belongs to it
        "ngl 45k for junior in leeds seems low?? am i being mugged off",
        "saw this in #jobs:\nMLOps Engineer (mid-level) at Acme AI\nBristol, hybrid\n£65k base\nis that fair?",  # a pasted block
    ],
)
def test_one_question_stays_whole(text):
    assert split_questions(text) == [text]


def test_no_more_than_four_turns_from_one_message():
    text = "? ".join(f"what does a senior earn in {place}" for place in ["London", "Leeds", "Bristol", "Cardiff", "Glasgow", "Belfast"])
    assert len(split_questions(text)) == 4


ADVERT = (
    "About the role: we are hiring a Senior MLOps Engineer to join our platform team in Manchester (hybrid, two days a week in "
    "the office). You will build and run ML pipelines on Kubernetes, own the model serving stack and work with data scientists "
    "to ship models. Requirements: strong Python, Terraform, AWS SageMaker, monitoring and drift detection. Nice to have: GPU "
    "cluster experience. Salary: £70,000 - £85,000 plus 10% bonus and private healthcare. 25 days holiday. We welcome "
    "applications from all backgrounds. Apply with your CV.\n\nis the pay here any good?"
)


def test_a_pasted_advert_is_condensed_to_the_question_and_its_details():
    assert len(ADVERT) > LONG_TEXT
    short = condense(ADVERT)
    assert short.startswith("is the pay here any good?")
    for detail in ("Senior", "Manchester", "£70,000 - £85,000"):
        assert detail in short
    assert "AWS" not in short  # a tool in the advert, not the employer
    assert prepare(ADVERT) == [short]


def test_an_advert_without_a_question_mark_keeps_its_last_sentence_as_the_ask():
    text = ("We are looking for a junior ML platform engineer based in Leeds. " * 12) + "thoughts on this one"
    short = condense(text)
    assert short.startswith("thoughts on this one") and "junior" in short and "Leeds" in short


@pytest.mark.parametrize("payload", ['/give_details{"level": "senior"}', "/ask_salary_band"])
def test_button_payloads_pass_through_untouched(payload):
    assert prepare(payload) == [payload]


def test_markup_only_gives_nothing_to_parse():
    assert prepare("<br><p></p>") == []


@pytest.mark.parametrize(
    "text, turns",
    [
        ("hey, mid in london?", ["mid in london?"]),
        ("hi there senior in leeds", ["senior in leeds"]),
        ("hello", ["hello"]),
        ("hey how are you", ["hey how are you"]),
    ],
)
def test_a_greeting_that_opens_a_question_is_dropped(text, turns):
    assert prepare(text) == turns


SHORT_ADVERT = (
    "MLOps Engineer - Leeds. We need someone with 2-5 years experience to work with senior stakeholders and mentor junior "
    "engineers on our ML platform. You will own deployment pipelines and model monitoring. Salary £60,000. Hybrid, two days "
    "a week in our Leeds office. is this any good?"
)


def test_a_short_advert_is_condensed_and_other_peoples_levels_are_not_the_role():
    assert prepare(SHORT_ADVERT) == ["is this any good? (2-5 years; Leeds; £60,000)"]


def test_an_advert_perk_or_colleague_is_not_the_roles_level():
    advert = (
        "MLOps Engineer - Leeds - Hybrid\n£60,000 - £70,000 DOE\nYou'll collaborate with senior stakeholders.\n"
        "Experience: 2-5 years in ML engineering.\nBenefits: staff discount, 26 days holiday.\ndecent offer or nah?"
    )
    assert prepare(advert) == ["decent offer or nah? (2-5 years; Leeds; £60,000 - £70,000)"]


def test_an_advert_title_gives_the_level():
    advert = "Senior MLOps Engineer, Bristol. " + "We run models on Kubernetes for retail clients. " * 8 + "Salary £90k. is this fair?"
    assert prepare(advert)[0].startswith("is this fair? (Senior; Bristol")


@pytest.mark.parametrize(
    "text, parts",
    [
        (
            "1) what is the senior band in London 2) is 95k fair for that 3) any tips for the call",
            ["what is the senior band in London", "is 95k fair for that", "any tips for the call"],
        ),
        ("quick qs:\n1. senior band in leeds?\n2. what does deepmind pay?", ["quick qs: senior band in leeds?", "what does deepmind pay?"]),
        ("- mid band in cardiff\n- who pays most", ["mid band in cardiff", "who pays most"]),
        ("1. 95k base 2. 90k + 10% bonus", ["1. 95k base 2. 90k + 10% bonus"]),  # two offers listed: one comparison
        ("is 1.5 years enough for mid?", ["is 1.5 years enough for mid?"]),
    ],
)
def test_numbered_and_bulleted_questions_are_each_a_turn(text, parts):
    assert split_questions(text) == parts


def test_numbered_questions_are_split_even_when_they_name_figures():
    assert prepare("1) total for 110k + 10% bonus 2) is 110k fair for senior in london 3) draft a counter email") == [
        "total for 110k + 10% bonus",
        "is 110k fair for senior in london",
        "draft a counter email",
    ]
    listed = "(1) £64k and a 6% bonus (2) £61k plus £4k bonus (3) £70k, nothing else - which is best?"
    assert prepare(listed) == [listed]  # offers listed, one question: one comparison


def test_a_pasted_table_of_offers_is_not_condensed():
    pasted = (
        "Here's what the recruiter sent me:\n| | Company X | Company Y |\n|---|---|---|\n| Base | £85,000 | £90,000 |\n"
        "| Bonus | 15% | 5% |\n| RSUs | £40,000 over 4 years | none |\nI'm mid-level in London. Which is better overall?"
    )
    assert prepare(pasted) == [pasted]


def test_the_level_and_place_after_an_offer_stay_with_it():
    text = "Corvid Labs offered 88k, mid level in london. help me write a counter email"
    assert prepare(text) == [text]
