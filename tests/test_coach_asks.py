"""The coach's asks (issue 17) through the real actions: the walk-away point (knowledge/rules.walk_away,
negotiation.walk_away_reply: the bottom of the band, or the user's current pay when higher, and whether
a final offer clears it), and the percent whenever a percent is asked for. Figures come from the data file."""

from actions import actions
from actions.say import REPLY_KEY
from knowledge import rules
from knowledge.reply import Reply
from tests import figures
from tests.helpers import texts, turn

SENIOR_LEEDS = [("level", "senior", "senior"), ("region", "rest_of_uk", "Leeds")]


def test_the_point_is_the_band_bottom_or_current_pay_when_higher():
    band = figures.band("senior", "rest_of_uk")
    assert rules.walk_away(band) == rules.WalkAway(band.low, False)
    assert rules.walk_away(band, band.low - 5000) == rules.WalkAway(band.low, False)
    assert rules.walk_away(band, band.low + 7000) == rules.WalkAway(band.low + 7000, True)


async def test_lowest_i_should_take_is_the_band_bottom_whatever_the_intent():
    text = "lowest number I should take for a senior job in Leeds?"
    for action, intent in ((actions.ActionGiveWalkAway(), "ask_walk_away"), (actions.ActionAnswerBand(), "ask_salary_band")):
        messages, slots = await turn(action, intent, text, SENIOR_LEEDS)
        said = texts(messages)
        assert f"Your walk-away point: {figures.pounds(figures.low('senior', 'rest_of_uk'))} base, the bottom of the" in said
        assert slots["topic"] == "walk_away"


async def test_current_pay_above_the_band_bottom_is_the_point():
    current = figures.low("senior", "rest_of_uk") + 7000
    slots = {"level": "senior", "region": "rest_of_uk", "current_salary": current}
    messages, _ = await turn(actions.ActionGiveCallScript(), "ask_call_script", "what's my walk-away figure?", [], slots)
    assert f"Your walk-away point: {figures.pounds(current)} base, what you earn now" in texts(messages)


async def _said_with_a_figure(action, intent, template, amount, slots):
    said = figures.k(amount)
    messages, _ = await turn(action, intent, template.format(said), [("amount", said, said)], slots)
    return texts(messages)


async def test_a_final_offer_below_the_point_points_to_declining_and_above_it_does_not():
    slots = {"level": "junior", "region": "rest_of_uk"}
    low = figures.low("junior", "rest_of_uk")
    below, above = low - 2000, low + 4000
    said = await _said_with_a_figure(
        actions.ActionCheckOffer(), "check_offer", "they've said {} is their final number, do I decline?", below, slots
    )
    assert f"is {figures.pounds(2000)} short of it" in said and "points to declining" in said
    said = await _said_with_a_figure(actions.ActionGiveWalkAway(), "ask_walk_away", "final offer is {}, should I walk?", above, slots)
    assert f"clears it by {figures.pounds(4000)}" in said and "no reason in the benchmark to decline" in said


async def test_without_a_level_it_asks_for_one():
    messages, slots = await turn(actions.ActionGiveWalkAway(), "ask_walk_away", "what's my walk-away figure?", [], {})
    assert messages[0]["response"] == "utter_ask_level" and slots["pending"] == "level"


async def test_the_offer_check_gives_the_percent_when_a_percent_is_asked_for():
    offer = figures.point("mid", "london", 0.25)
    said_as = [("amount", figures.k(offer), figures.k(offer)), ("level", "mid", "mid"), ("region", "london", "London")]
    text = f"is {figures.k(offer)} fair for a mid in London? what percentage of the way up the band is that?"
    messages, _ = await turn(actions.ActionCheckOffer(), "check_offer", text, said_as)
    assert "within the band, 25% of the way up, in its second quarter" in texts(messages)
    messages, _ = await turn(actions.ActionCheckOffer(), "check_offer", f"is {figures.k(offer)} fair for a mid in London?", said_as)
    assert "within the band, in its second quarter" in texts(messages)  # the quarter only, when no percent is asked


async def test_devops_pay_as_a_yardstick_gets_the_benchmarks_first_tip_not_a_yes():
    messages, _ = await turn(actions.ActionAnswerFaq(), "ask_mlops_vs_devops", "is DevOps pay the right yardstick for me?")
    said = texts(messages)
    tip = figures.BM.tips["benchmark_ml_engineering"]
    assert said.startswith("Not as your ceiling.") and tip.title in said and not said.startswith("Yes")
    messages, _ = await turn(actions.ActionAnswerFaq(), "ask_mlops_vs_devops", "do mlops engineers earn more than devops?")
    assert texts(messages).startswith("Yes")  # the plain question keeps the benchmark's own answer


async def test_an_unlisted_employer_in_a_comparison_is_named_as_not_covered():
    said_as = [("unlisted_employer", "Palantir", "Palantir"), ("employer", "deepmind_google", "DeepMind")]
    messages, _ = await turn(actions.ActionAnswerEmployer(), "ask_employer_pay", "does Palantir pay more than DeepMind?", said_as)
    said = texts(messages)
    assert "Palantir isn't covered by the benchmark" in said and "no figure" in said
    assert figures.pounds(figures.BM.employers["deepmind_google"].pay.low) in said


async def test_two_unlisted_employers_in_a_comparison_are_both_named():
    text = "do Palantir or Ocado pay more than DeepMind?"
    said_as = [
        ("unlisted_employer", "Palantir", "Palantir"),
        ("unlisted_employer", "Ocado", "Ocado"),
        ("employer", "deepmind_google", "DeepMind"),
    ]
    messages, _ = await turn(actions.ActionAnswerEmployer(), "ask_employer_pay", text, said_as)
    assert "Palantir and Ocado aren't covered by the benchmark" in texts(messages) and "no figures" in texts(messages)


async def test_the_premium_with_the_band_it_lands_in():
    said_as = [("amount", "70k", "70k"), ("level", "mid", "mid"), ("region", "london", "London")]
    text = "I'm on 70k in devops, does the premium land me inside the mid band in London?"
    messages, _ = await turn(actions.ActionComputeDevopsPremium(), "ask_devops_premium", text, said_as)
    said = texts(messages)
    low, high = figures.premium(70_000)
    band = figures.band("mid", "london")
    assert f"{figures.pounds(low)} – {figures.pounds(high)}" in said and "Against the Mid-level MLOps Engineer band for London" in said
    inside = band.low <= low and high <= band.high
    assert ("the whole range lands inside the band" in said) is inside


async def test_the_email_names_the_competing_offer_it_asks_them_to_match():
    slots = {"level": "senior", "region": "london", "offer_amount": 102000, "topic": "offer"}
    text = "draft an email asking them to match the £108k I was offered elsewhere"
    messages, slots = await turn(actions.ActionDraftCounterEmail(), "draft_counter_email", text, [("amount", "£108k", "£108k")], slots)
    said = texts(messages)
    assert "I have another offer at £108,000 base" in said and "could match it" in said
    assert "your offer of £102,000 (your figure)" in said and "£6,000 more" in said
    assert slots["offer_amount"] == 102000  # the offer checked stays the one to counter


async def test_a_chart_from_one_level_to_another_draws_every_level_between():
    text = "chart of the bands from junior to staff"
    said_as = [("level", "junior", "junior"), ("level", "staff", "staff")]
    messages, _ = await turn(actions.ActionShowChart(), "show_chart", text, said_as)
    chart = next(p for m in messages if m.get("reply") for p in Reply.from_json(m["reply"]).parts if p.type == "chart")
    assert len(chart.data["chart"]["groups"]) == 4


async def test_where_to_aim_with_the_gpu_skill_is_the_top_of_the_band():
    text = "6 years, London, I run the GPU training cluster - where should I aim?"
    said_as = [("years", "6 years", "6 years"), ("region", "london", "London")]
    messages, slots = await turn(actions.ActionGiveTips(), "ask_negotiation_tips", text, said_as)
    said = texts(messages)
    top = figures.high("senior", "london")
    assert f"Aim for {figures.pounds(top)} base: the top of the Senior MLOps Engineer band for London" in said
    assert "GPU cluster management" in said and figures.BM.tips["gpu_experience"].title in said
    assert slots["topic"] == "aim" and slots["skills"] == ["GPU cluster management"]


async def test_where_to_aim_with_one_other_skill_is_three_quarters_up():
    slots = {"level": "mid", "region": "rest_of_uk", "skills": ["Advanced Kubernetes"]}
    messages, _ = await turn(actions.ActionSuggestAim(), "ask_where_to_aim", "where should I aim?", [], slots)
    three_quarters = figures.round_up(figures.point("mid", "rest_of_uk", 0.75))
    assert f"Aim for {figures.pounds(three_quarters)} base: three quarters of the way up" in texts(messages)


async def test_where_to_aim_with_no_skills_asks_which_apply_with_buttons_then_answers():
    slots = {"level": "senior", "region": "rest_of_uk"}
    messages, slots = await turn(actions.ActionSuggestAim(), "ask_where_to_aim", "where should I aim?", [], slots)
    assert messages[0]["response"] == "utter_ask_skills" and len(messages[0]["buttons"]) == 6 and slots["pending"] == "skills"
    choice = messages[0]["buttons"][0]["payload"]  # "I bring GPU cluster management"
    messages, _ = await turn(actions.ActionFollowUp(), "give_details", choice, [], slots)
    assert f"Aim for {figures.pounds(figures.high('senior', 'rest_of_uk'))} base" in texts(messages)


async def test_a_call_script_asked_with_walk_away_words_is_still_the_call_script():
    text = "phone screen friday for a remote staff role. how should i answer expectations & when do i walk away"
    messages, slots = await turn(
        actions.ActionGiveCallScript(), "ask_call_script", text, [("level", "staff", "staff"), ("region", "remote_uk", "remote")]
    )
    assert "Lines for the call" in texts(messages) and slots["topic"] == "call_script"


# --- qa17b: asks that a fresh round of coaching conversations found --------------------------------

MID_LONDON = [("level", "mid", "mid"), ("region", "london", "London")]


async def test_what_if_they_say_a_figure_is_final_is_the_walk_away_point_not_the_call_script():
    offer = figures.low("junior", "rest_of_uk") + 12_000
    said = figures.k(offer)
    text = f"what if they say {said} is final?"
    slots = {"level": "junior", "region": "rest_of_uk", "offer_amount": offer - 2000, "topic": "call_script"}
    messages, slots_after = await turn(actions.ActionGiveCallScript(), "ask_call_script", text, [("amount", said, said)], slots)
    assert f"clears it by {figures.pounds(12_000)}" in texts(messages)
    assert slots_after["topic"] == "walk_away"


async def test_do_i_walk_sets_every_offer_on_the_table_against_the_point():
    floor = figures.low("junior", "rest_of_uk")
    offers = [{"label": "Offer 1", "base": floor + 6000}, {"label": "Offer 2", "base": floor - 3000}]
    slots = {"level": "junior", "region": "rest_of_uk", "offers": offers, "topic": "compare_offers"}
    messages, _ = await turn(actions.ActionGiveWalkAway(), "ask_walk_away", "whats the walk-away for these?", [], slots)
    said = texts(messages)
    assert "Which offer do you mean?" not in said
    assert f"{figures.pounds(floor + 6000)} base (your figure) clears it by {figures.pounds(6000)}" in said
    assert f"{figures.pounds(floor - 3000)} base (your figure) is {figures.pounds(3000)} short of it" in said


async def test_where_to_aim_is_answered_when_the_classifier_calls_it_a_faq():
    text = "mid level in leeds, I built our real-time model serving stack, what should i aim for"
    said_as = [("level", "mid", "mid"), ("region", "rest_of_uk", "leeds")]
    messages, slots = await turn(actions.ActionAnswerFaq(), "ask_top_skills", text, said_as)
    band = figures.band("mid", "rest_of_uk")
    assert f"Aim for {figures.pounds(rules.aim(band, 1, False).amount)} base" in texts(messages)
    assert slots["topic"] == "aim"


async def test_a_skill_added_after_the_aim_aims_again():
    slots = {"level": "senior", "region": "rest_of_uk", "skills": ["Cloud ML platform depth"], "topic": "aim"}
    messages, _ = await turn(actions.ActionFollowUp(), "nlu_fallback", "oh and i run the gpu cluster too", [], slots)
    assert f"Aim for {figures.pounds(figures.high('senior', 'rest_of_uk'))} base" in texts(messages)


async def test_a_typod_chart_ask_draws_the_bands_and_a_marked_figure_says_where_it_sits():
    messages, _ = await turn(actions.ActionFollowUp(), "nlu_fallback", "can u chrat the salary bands")
    parts = [part for m in messages if isinstance(m.get(REPLY_KEY), dict) for part in m[REPLY_KEY]["parts"]]
    assert any(part["type"] == "chart" for part in parts) and "base-salary bands" in texts(messages)
    text = "diagram showing where 95k sits for a senior in manchester"
    said_as = [("amount", "95k", "95k"), ("level", "senior", "senior"), ("region", "rest_of_uk", "manchester")]
    messages, _ = await turn(actions.ActionShowChart(), "show_chart", text, said_as)
    assert f"{figures.percent_up('senior', 'rest_of_uk', 95_000)}% of the way up" in texts(messages)


async def test_a_package_asked_fair_gets_the_check_then_the_total():
    text = "offered £105k base + 15% bonus for senior in london. fair?"
    said_as = [("amount", "105k", "105k"), ("level", "senior", "senior"), ("region", "london", "london")]
    messages, _ = await turn(actions.ActionComputeTotalComp(), "compute_total_comp", text, said_as)
    said = texts(messages)
    assert said.index("Checked £105,000 base salary") < said.index("Total compensation for your offer: £120,750")


async def test_one_package_against_a_named_employer_sets_its_total_against_that_row():
    slots = {"level": "senior", "region": "london", "offers": [{"base": 120000.0, "equity_total": 50000.0, "equity_years": 2.0}]}
    said_as = [("employer", "deepmind_google", "DeepMind")]
    messages, _ = await turn(actions.ActionCompareOffers(), "compare_offers", "how does it compare with DeepMind?", said_as, slots)
    group = figures.BM.employers["deepmind_google"]
    assert "Your total of £145,000 a year" in texts(messages) and figures.pounds(group.pay.high) in texts(messages)


async def test_the_lowest_and_highest_paying_groups_are_named():
    slots = {"topic": "employer"}
    lowest = min(figures.BM.employers.values(), key=lambda g: (g.pay.high, g.pay.low))
    messages, _ = await turn(actions.ActionFollowUp(), "nlu_fallback", "and the lowest paying group?", [], slots)
    assert texts(messages).startswith(f"Lowest paying: {lowest.name}")
    highest = max(figures.BM.employers.values(), key=lambda g: (g.pay.high, g.pay.low))
    messages, _ = await turn(actions.ActionCompareOffers(), "compare_offers", "which is higher at the top end?", [], slots)
    assert texts(messages).startswith(f"Highest paying: {highest.name}")


async def test_my_ceiling_gets_the_ml_engineering_tip():
    messages, _ = await turn(actions.ActionFollowUp(), "nlu_fallback", "what should i use as my ceiling when researching salary")
    assert "ML engineering" in texts(messages) and "Not as your ceiling" in texts(messages)


async def test_whats_the_counter_on_that_after_a_placed_figure_gives_the_counter():
    offer = figures.low("mid", "rest_of_uk") + 18_000
    slots = {"level": "mid", "region": "rest_of_uk", "offer_amount": offer, "topic": "band_position"}
    messages, _ = await turn(actions.ActionFollowUp(), "nlu_fallback", "what's the counter on that?", [], slots)
    assert f"Counter with {figures.pounds(figures.counter('mid', 'rest_of_uk', offer))}" in texts(messages)


async def test_an_advert_range_says_where_its_top_lands():
    text = "Senior MLOps Engineer, Manchester. £70,000 - £85,000. is the base fair?"
    said_as = [
        ("level", "senior", "Senior"),
        ("region", "rest_of_uk", "Manchester"),
        ("amount", "£70,000", "£70,000"),
        ("amount", "£85,000", "£85,000"),
    ]
    messages, _ = await turn(actions.ActionCheckOffer(), "check_offer", text, said_as)
    assert "Its top, £85,000, is" in texts(messages)
