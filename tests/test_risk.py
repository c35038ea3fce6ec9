"""missing-risk-section on articles written for these tests."""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import lint

ARTICLES = Path(__file__).parent / "articles" / "risk"
FORMATS = {".md": "markdown", ".txt": "text", ".html": "html"}


def _risk_rules(text: str, fmt: str) -> list[str]:
    """The codes of the missing-risk-section findings on ``text``."""
    return [f.rule for f in lint(text, fmt) if f.category == "missing-risk-section"]


def _risk(name: str):
    path = ARTICLES / name
    findings = lint(path.read_text(encoding="utf-8"), FORMATS[path.suffix])
    return [f for f in findings if f.category == "missing-risk-section"]


def test_treatment_article_without_risks_is_reported_on_the_title_line():
    found = _risk("no-risks.md")
    assert [(f.rule, f.line, f.column) for f in found] == [("HL301", 1, 3)]
    assert "No risk information" in found[0].message


@pytest.mark.parametrize(
    "name",
    [
        "with-section.md",  # a "Who should not take it" section
        "not-intervention.md",  # not about a treatment at all
        "release.txt",  # no headings, but harms discussed with numbers in the text
    ],
)
def test_articles_that_give_risk_information_or_need_none_pass(name):
    assert _risk(name) == []


def test_dismissing_side_effects_is_not_risk_information():
    text = (
        "# Melatonin gummies\n\nThe supplement comes as a tablet or gummy; the dose is 1 mg.\n\n"
        "Unlike other sleep pills it has no side effects, no complications and no dangers.\n"
    )
    found = [f for f in lint(text, "markdown") if f.rule == "HL301"]
    assert [(f.line, f.column) for f in found] == [(1, 3)]


def test_denying_overdose_and_addiction_is_not_risk_information():
    text = (
        "# Psilocybin retreats\n\nGuests take a measured dose of the drug in a ceremony, and "
        "trained staff give the medicine as a tea or in capsules. "
        "Whether you arrive with depression, PTSD, addiction or grief, the ceremony helps.\n\n"
        "You cannot overdose on it, it is not addictive, and it is non-addictive by nature. "
        "Guests leave depression, addiction and trauma behind.\n"
    )
    assert _risk_rules(text, "markdown") == ["HL301"]


def _section_article(section: str) -> str:
    return (
        "# Isotretinoin for acne\n\nIsotretinoin is a medicine for severe acne. Most people take "
        "one capsule a day, at a dose of 20 mg to 40 mg.\n\n## Is it safe?\n\n" + section + "\n"
    )


def test_a_safety_heading_whose_section_only_dismisses_harm_is_not_a_risk_section():
    article = _section_article("Totally: it is 100% safe, with no side effects.")
    assert _risk_rules(article, "markdown") == ["HL301"]


@pytest.mark.parametrize(
    "section",
    [
        "It can cause birth defects, so you must not get pregnant while taking it.",
        "Most people have dry lips. It is not safe in pregnancy: it can cause birth defects.",
        # A list under the heading names harms, whatever its words.
        "- Cracked lips\n- Nosebleeds\n- Aching joints",
    ],
)
def test_a_safety_heading_with_any_harm_or_a_list_is_a_risk_section(section):
    assert _risk_rules(_section_article(section), "markdown") == []


@pytest.mark.parametrize(
    "section",
    [
        "Your doctor will explain what to watch for.",
        "It is the very first food any of us ever had, and people who can't touch milk take it.",
        "The clinic is built to the highest international standards and inspected every year.",
    ],
)
def test_a_safety_heading_whose_section_names_no_harm_is_no_risk_section(section):
    # The heading promises risk information; text that gives none does not keep the promise.
    assert _risk_rules(_section_article(section), "markdown") == ["HL301"]


def test_harms_named_before_a_reassurance_in_its_sentence_are_waved_away():
    section = "Clients with kidney problems drink two a day for months with zero issues."
    assert _risk_rules(_section_article(section), "markdown") == ["HL301"]


def _injection_article(harm_sentence: str) -> str:
    return (
        "Steroid injections for frozen shoulder\n\nA steroid injection into the joint can ease "
        "the pain. The injection is given in clinic, and the dose depends on the joint. "
        + harm_sentence
        + "\n"
    )


def test_one_sentence_listing_three_harms_is_risk_information():
    text = _injection_article("Side effects include extra pain, flushing and, rarely, infection.")
    assert _risk_rules(text, "text") == []


def test_a_sentence_that_only_names_side_effects_is_not_a_list_of_harms():
    text = _injection_article(
        "The side effects of surgery were not worth it to me, and I wanted to try this."
    )
    found = _risk_rules(text, "text")
    assert found == ["HL301"]


def _faq_article(question: str, answer: str, after: str = "") -> str:
    return (
        "# Isotretinoin for acne\n\nIsotretinoin is a medicine for severe acne. Most people take "
        "one capsule a day, at a dose of 20 mg to 40 mg.\n\n"
        + question
        + "\n\n"
        + answer
        + "\n"
        + after
    )


@pytest.mark.parametrize("question", ["**Side effects**", "Any side effects?", "__Risks__"])
def test_a_bold_or_question_paragraph_stands_in_for_a_risk_heading(question):
    text = _faq_article(question, "Dry lips are common, and it can cause birth defects.")
    assert _risk_rules(text, "markdown") == []


@pytest.mark.parametrize(
    "question",
    [
        "Any side effects?",  # ...but nothing answers it
        "**Are there any side effects worth knowing about before you start taking it, and what"
        " should you do about them?**",  # too long to stand in for a heading
        "Most people take it for side effects **of other drugs**",  # not wholly bold
    ],
)
def test_a_paragraph_that_is_not_a_stand_in_heading_is_no_risk_section(question):
    text = (
        "# Isotretinoin for acne\n\nIsotretinoin is a medicine for severe acne. Most people take "
        "one capsule a day, at a dose of 20 mg to 40 mg.\n\n" + question + "\n"
    )
    found = _risk_rules(text, "markdown")
    assert found == ["HL301"]


def test_a_stand_in_heading_section_ends_at_the_next_stand_in_heading():
    # The harm is under the next question, not under "Any side effects?", which only denies.
    text = _faq_article(
        "**Any side effects?**",
        "Not a single one.",
        "\n**Where can I buy it?**\n\nIt can cause birth defects, so ask your pharmacist.\n",
    )
    found = _risk_rules(text, "markdown")
    assert found == ["HL301"]


@pytest.mark.parametrize(
    "question", ["**Any downsides?**", "## Is it safe?", "**Is wearing it safe?**"]
)
def test_a_section_that_only_denies_harm_makes_any_page_about_an_intervention(question):
    # Nothing here is a treatment word, but the page asks whether the thing it praises is safe
    # or has downsides, and waves them away.
    text = (
        "# My copper bracelet\n\nI wear it day and night and my wrists ache far less.\n\n"
        f"{question}\n\nNone at all. There is nothing in it that can hurt you.\n"
    )
    found = _risk_rules(text, "markdown")
    assert found == ["HL301"]
    honest = text.replace(
        "None at all. There is nothing in it that can hurt you.",
        "The metal can stain the skin green, and a few people get a rash.",
    )
    assert _risk_rules(honest, "markdown") == []


def test_a_dismissive_safety_section_that_presupposes_no_intervention_is_not_a_topic():
    # "Is it safe to eat sushi?" asks about food, not a product's side effects or downsides.
    text = (
        "# Eating well in pregnancy\n\nA varied diet with plenty of vegetables helps.\n\n"
        "## Is it safe to eat sushi?\n\nYes. Cooked sushi is fine to have while pregnant.\n"
    )
    assert _risk_rules(text, "markdown") == []


def test_pharmacy_spam_does_not_make_a_diet_blog_about_a_drug():
    # Three "prescription" words, all from spam selling pills without one.
    spam = (
        "# My year of walking\n\nI walk to work every day now, and I sleep better.\n\n"
        "Cheap tramadol online, no prescription. Valium without a prescription, "
        "prescription-free delivery.\n"
    )
    assert _risk_rules(spam, "markdown") == []
    # The same three words as what the page is about do make it about a drug.
    about_drugs = spam.replace("no prescription", "a prescription").replace(
        "without a prescription", "on prescription"
    )
    about_drugs = about_drugs.replace("prescription-free", "prescription")
    found = _risk_rules(about_drugs, "markdown")
    assert found == ["HL301"]


@pytest.mark.parametrize(
    "answer",
    [
        "Completely. It is a food, not a drug.",
        "Yes, as often as you like: there is no such thing as overdoing it.",
        "Of course. You can take it all winter without checking with anyone first.",
        "Totally. There is simply no way these capsules can hurt you.",
        "Yes. It's a plant, so there's nothing in it that can interfere with your prescriptions.",
        "No. Nothing enters your blood, so there is nothing that can interact with your tablets.",
    ],
)
def test_an_answer_that_only_reassures_is_no_risk_section(answer):
    assert _risk_rules(_section_article(answer), "markdown") == ["HL301"]


@pytest.mark.parametrize(
    "caution",
    [
        "See your GP before you start it if you have liver disease.",
        "Avoid it if you are pregnant: it can harm an unborn baby.",
        "It gave me heartburn for the first week.",
    ],
)
def test_a_precaution_or_a_side_effect_in_the_safety_section_is_risk_information(caution):
    assert _risk_rules(_section_article(caution), "markdown") == []


def test_a_section_on_whom_the_clinic_will_not_treat_is_risk_information():
    text = (
        "# Lymphatic drainage massage\n\nOur therapists use a gentle massage treatment. Each "
        "treatment session lasts an hour, and most clients book a course of treatments.\n\n"
        "## When we won't treat you\n\nWe won't treat you, or we'll ask for a letter from your "
        "doctor, if you have:\n\n- a blood clot\n- heart failure\n- an active infection\n"
    )
    assert _risk_rules(text, "markdown") == []


def test_a_condition_that_can_cause_symptoms_is_not_a_list_of_the_treatments_harms():
    condition = "Bunions can cause pain, hard skin and trouble finding shoes."
    assert _risk_rules(_injection_article(condition), "text") == ["HL301"]
    harms = "The injection can cause flushing, headaches and, rarely, infection."
    assert _risk_rules(_injection_article(harms), "text") == []


def test_a_question_about_a_harm_answered_with_a_denial_is_not_risk_information():
    # The question names a harm ("addictive") but only its answer could discuss it.
    text = _faq_article(
        "**Is it addictive?**",
        "No. Reviewers found no potential for abuse or dependence.",
        "\n**Is it dangerous?**\n\nNo, the addiction myth is long gone.\n",
    )
    assert _risk_rules(text, "markdown") == ["HL301"]


def test_a_diet_trial_is_about_an_intervention():
    text = (
        "Vegetarian diets twice as good for weight loss\n\nSeventy-four adults were randomly "
        "assigned to a vegetarian diet or a low-calorie diet for six months. The vegetarian diet "
        "group lost twice as much weight.\n"
    )
    assert _risk_rules(text, "text") == ["HL301"]


def test_a_page_saying_something_healed_the_writer_is_about_an_intervention():
    text = (
        "# How kombucha healed my gut\n\nA daily glass healed my gut and cleared my skin, and "
        "it can heal your gut too.\n\n## Is it safe?\n\nPeople have drunk it for 2,000 years, "
        "so relax!\n"
    )
    assert _risk_rules(text, "markdown") == ["HL301"]


def test_a_home_test_kit_page_is_about_an_intervention():
    text = (
        "# Food intolerance test kit\n\nOur home test kit checks 200 foods. The finger-prick "
        "test takes five minutes, and the food test results arrive in a week.\n"
    )
    assert _risk_rules(text, "markdown") == ["HL301"]


def test_a_tea_sold_by_the_cupful_is_about_an_intervention():
    text = (
        "# Liver Love tea\n\nOur blend of milk thistle and senna is the 10-day reset I swear "
        "by. Drink three cups a day: it is the best detox tea for a tired liver.\n"
    )
    assert _risk_rules(text, "markdown") == ["HL301"]


def test_risks_introduced_by_a_colon_are_a_list_of_harms():
    article = (
        "# Mallet finger splints\n\nA splint is the usual treatment. Surgery is a treatment "
        "for a few patients, with a device such as a wire.\n\n"
    )
    listed = "Surgery has its own risks: infection, stiffness, nail problems and wire removal.\n"
    assert _risk_rules(article, "markdown") == ["HL301"]
    assert _risk_rules(article + listed, "markdown") == []


def test_harms_reported_from_a_trial_count_as_risk_information():
    release = (
        "Weekly brain stimulation eases pain after stroke\n\nEighteen patients were treated "
        "weekly in a randomized trial of the device; a placebo group had sham treatment.\n\n"
        "Two patients reported transient, slight scalp discomfort. The treatment was linked to "
        "seizures in an earlier trial, and those on higher doses saw an increase in falls. The "
        "coil can also burn the skin if it overheats.\n"
    )
    assert _risk_rules(release, "text") == []
    assert _risk_rules(release.split("\n\nTwo")[0] + "\n", "text") == ["HL301"]


def test_a_safety_answer_that_reassures_more_than_it_warns_is_no_section():
    article = (
        "# Sea salt float tank sessions\n\nOur float therapy sessions are the treatment my "
        "clients book most, a device-free therapy for stress.\n\n## Is it safe?\n\n"
    )
    reassurance = (
        "Completely. The water is as gentle as a bath and you'll float out relaxed and a bit "
        "sleepy, nothing more. It's fine to use whether you're pregnant or on medication. "
        "People floated in salt lakes long before anyone worried about side effects.\n"
    )
    warning = (
        "Mostly, but the salt can sting any cuts or grazes, and some people feel dizzy or sick "
        "afterwards. Avoid it if you have epilepsy, and see your GP first if you are pregnant.\n"
    )
    assert _risk_rules(article + reassurance, "markdown") == ["HL301"]
    assert _risk_rules(article + warning, "markdown") == []


def test_a_device_page_that_explains_wrong_readings_gives_risk_information():
    page = (
        "# Choosing a home blood pressure monitor\n\nA monitor is a device, not a treatment. "
        "Use the device at the same time each day, and take your tablets as prescribed.\n\n"
    )
    limits = (
        "## Limits of home monitors\n\nA cuff that is too small can give falsely high readings, "
        "and wrist monitors can underestimate pressure. The biggest risk is false reassurance: "
        "call 999 with chest pain whatever the screen says.\n"
    )
    assert _risk_rules(page, "markdown") == ["HL301"]
    assert _risk_rules(page + limits, "markdown") == []


def test_a_water_ioniser_is_an_intervention():
    post = (
        "# My ionizer changed everything\n\nI swapped bottled water for ionized water from my "
        "new water ionizer, and I make all my family's drinks with alkaline water now.\n"
    )
    assert _risk_rules(post, "markdown") == ["HL301"]


def test_a_safety_answer_that_waves_harms_away_is_no_risk_section():
    page = (
        "# The best laser hair caps\n\nLaser caps are a device for thinning hair. In one "
        "randomised trial, people who used a laser device grew a few more hairs than people "
        "given a sham device. Wear the cap for 20 minutes every other day.\n\n"
    )
    waved_away = (
        "## Are laser caps safe?\n\nCompletely. The light is far too weak to damage your scalp "
        "or your eyes, so there is really nothing to weigh up.\n\nYou can finally bin the "
        "minoxidil and never think about its side effects again.\n"
    )
    answered = (
        "## Are laser caps safe?\n\nMostly. Some people get an itchy scalp, headaches or a "
        "few weeks of extra shedding, and you should not look into the light.\n"
    )
    assert _risk_rules(page + waved_away, "markdown") == ["HL301"]
    assert _risk_rules(page + answered, "markdown") == []


def test_wound_problems_after_an_operation_are_harms():
    thread = (
        "Pilonidal surgery: your experiences?\n\nI had the cleft lift operation in 2024 and was "
        "off work for three weeks. Surgery was under general anaesthetic.\n\n"
    )
    harms = (
        "I had a wound infection that needed antibiotics, a bit of the wound opened up at week "
        "two, and I still have a numb patch. Fluid collections can happen too, and the surgery "
        "can also cause a lot of pain.\n"
    )
    assert _risk_rules(thread, "text") == ["HL301"]
    assert _risk_rules(thread + harms, "text") == []


def test_take_as_much_as_you_like_is_no_safety_answer():
    letter = (
        "Why I take NAC every day\n\nNAC is a supplement I take every morning, 600 mg with "
        "breakfast. In one trial the supplement helped people with a chronic cough.\n\n"
        "IS IT SAFE?\n\nSide effects? It's an amino acid. Your body handles it like protein, so "
        "you can take as much as you like.\n"
    )
    assert _risk_rules(letter, "text") == ["HL301"]


def test_an_app_that_checks_moles_is_an_intervention():
    release = (
        "Spotmark launches its mole app\n\nSpotmark today launched its AI-powered skin-checking "
        "app. Users photograph a mole and the app gives a risk rating. In the company's "
        "validation study the app flagged most melanomas. A green result means you can relax.\n"
    )
    harms = (
        "\nThe app can miss cancers, and a false reassurance can delay a visit to a doctor; "
        "false positives can cause worry and unnecessary biopsies. See a GP if a mole changes, "
        "whatever the app says.\n"
    )
    assert _risk_rules(release, "text") == ["HL301"]
    assert _risk_rules(release + harms, "text") == []


def test_a_sleep_sound_machine_roundup_is_about_an_intervention():
    roundup = (
        "# The best white noise machines\n\nA white noise machine is a cheap sleep aid. We "
        "tested sound machines in four homes. Our favourite white noise machine has thirty "
        "sounds and a timer.\n"
    )
    harms = (
        "\n## Safety\n\nKeep the volume low: loud machines near a cot can damage a baby's "
        "hearing. Place it at least two metres from the cot.\n"
    )
    assert _risk_rules(roundup, "markdown") == ["HL301"]
    assert _risk_rules(roundup + harms, "markdown") == []


def test_a_safety_question_about_sleeping_on_a_product_presents_an_intervention():
    shop = (
        "<html><body><h1>CloudCradle baby pillow</h1><p>Our memory-foam pillow cradles your "
        "baby's head.</p><p>Is it safe for my baby to sleep on it overnight?</p><p>Yes, 100%. "
        "It is completely safe from day one.</p></body></html>"
    )
    sushi = (
        "<html><body><h1>Eating out while pregnant</h1><p>Many foods are fine.</p><p>Is it safe "
        "for me to eat sushi?</p><p>Yes, if the fish was frozen first.</p></body></html>"
    )
    assert _risk_rules(shop, "html") == ["HL301"]
    assert _risk_rules(sushi, "html") == []


def test_complications_that_simply_do_not_happen_here_are_waved_away():
    clinic = (
        "# Fat-dissolving injections\n\nOur injections dissolve stubborn fat. Treatments take "
        "20 minutes and most people need two to four injections.\n\n## Is it safe?\n\n"
        "Absolutely. Our injectors are nurse prescribers, so the complications you read about "
        "online simply don't happen in our clinic.\n"
    )
    assert _risk_rules(clinic, "markdown") == ["HL301"]


def test_a_section_on_what_can_cause_trouble_is_a_risk_section():
    roundup = (
        "# The best greens powders\n\nWe tested twelve greens powders. Mix one scoop into "
        "water each morning; our top pick dissolves fastest.\n\n## Our picks\n\nA scoop of our "
        "favourite powder gives you a serving of greens.\n"
    )
    trouble = (
        "\n## Where greens powders can cause trouble\n\nMany are rich in vitamin K, which "
        "works against warfarin. Some add herbs linked to rare liver injury.\n"
    )
    assert _risk_rules(roundup, "markdown") == ["HL301"]
    assert _risk_rules(roundup + trouble, "markdown") == []


def test_harms_waved_away_in_a_list_are_not_a_discussion_of_them():
    clinic = (
        "# Laser breath treatment\n\nOur laser treatment seals the tonsil crypts. Each "
        "treatment takes 30 minutes and most people need two sessions.\n\n## Is it safe?\n\n"
        "Completely safe. There's no anaesthetic, no bleeding and no recovery time.\n"
    )
    assert _risk_rules(clinic, "markdown") == ["HL301"]


def test_a_safety_section_that_only_denies_addiction_is_no_risk_section():
    clinic = (
        "# Online ADHD clinic\n\nWe assess adults online and start medication the same month. "
        "Your prescriber adjusts the dose every week until it works.\n\n"
        "## Is ADHD medication safe?\n\n"
        "Taken as prescribed, they aren't addictive, and our team watches every patient, so "
        "there's nothing for you to worry about.\n"
    )
    honest = clinic.replace(
        "so there's nothing for you to worry about.",
        "but they can raise your heart rate and blood pressure, and may cause poor appetite, "
        "headaches and trouble sleeping.",
    )
    assert _risk_rules(clinic, "markdown") == ["HL301"]
    assert _risk_rules(honest, "markdown") == []


def test_harm_words_inside_an_unsupported_claim_are_not_risk_information():
    shop = (
        "# Clear Air capsules\n\nOur capsules bind the toxins in indoor air. Take two capsules a "
        "day with water; one tub lasts a month.\n\nIndoor toxins are quietly behind most of the "
        "headaches, nausea, dizziness, itching and tiredness people blame on stress, and these "
        "capsules flush every one of them out for good.\n\nMost customers reorder after their "
        "first month of capsules.\n"
    )
    pitch = shop.split("\n\n")[2]
    warned = shop.replace(
        pitch,
        "Some people get headaches, nausea, dizziness or itching in the first week; stop taking "
        "them and see your GP if it lasts.",
    )
    assert _risk_rules(shop, "markdown") == ["HL301"]
    assert _risk_rules(warned, "markdown") == []
    # The claim rules run for this even when only HL301 is selected, and are not reported.
    assert [f.rule for f in lint(shop, "markdown", select=("HL301",))] == ["HL301"]


@pytest.mark.parametrize(
    "reassurance",
    [
        "An onion can't harm a child, and I've done it with all four of mine.",
        "If you feel worse in the first week, with headaches, rashes or diarrhoea, celebrate. "
        "That's die-off.",
    ],
)
def test_a_harm_recast_as_harmless_or_as_proof_it_works_is_no_risk_information(reassurance):
    blog = (
        "# Our yeast-free remedy plan\n\nTake the remedy drops twice a day and follow the plan "
        "for a month; the remedy works alongside the diet.\n\n## Is it safe?\n\n"
        + reassurance
        + "\n"
    )
    assert _risk_rules(blog, "markdown") == ["HL301"]
