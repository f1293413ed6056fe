"""Strategy agents: brand positioning, content calendars, campaigns and personas."""

from __future__ import annotations

from agents.catalog.spec import (
    COMMON_RULES,
    AgentSpec,
    choice,
    choices,
    input_schema,
    integer,
    number,
    obj,
    out_int,
    out_num,
    out_str,
    out_strs,
    output_schema,
    string,
    strings,
)
from agents.offline.platforms import PLATFORM_CHOICES

CATEGORY = "strategy"
DATE = string("A date, YYYY-MM-DD.", max_length=10, pattern=r"^\d{4}-\d{2}-\d{2}$", format="date")

BRAND = AgentSpec(
    slug="brand-strategist",
    name="Brand Strategist",
    category=CATEGORY,
    sort_order=1,
    description=(
        "Synthesises a brand strategy: positioning, mission, content pillars, voice rules "
        "and taglines."
    ),
    capabilities=(
        "Positioning statement",
        "Four or five content pillars with topics",
        "Voice do's and don'ts",
    ),
    tier="large",
    credit_operation="strategy",
    system_prompt=(
        "You are a brand strategist. From the brand's audience, values, goals and "
        "differentiators, write a positioning statement (for [audience] who [need], [brand] is "
        "the [category] that [difference]), a one-sentence mission, four or five content pillars "
        "each with a description and three example topics, voice guidelines (do and don't, "
        "grounded in the brand voice given) and four tagline options. Be specific to this brand; "
        "no generic marketing filler. " + COMMON_RULES
    ),
    user_template=(
        "Brand: {brand_name}\nIndustry: {industry}\nAudience: {audience}\nValues: {values}\n"
        "Goals: {goals}\nDifferentiators: {differentiators}\nBrand voice: {brand_voice}"
    ),
    input_schema=input_schema(
        {
            "brand_name": string("The brand.", min_length=1, max_length=80),
            "industry": string("Industry or category.", min_length=2, max_length=80),
            "audience": string("Who the brand serves.", min_length=3, max_length=200),
            "values": strings("What the brand stands for.", max_items=6, max_length=40),
            "goals": strings("What the brand wants to achieve.", max_items=6),
            "differentiators": strings("What sets it apart.", max_items=6),
        },
        ["brand_name", "industry", "audience"],
    ),
    output_schema=output_schema(
        {
            "brand_name": out_str(),
            "positioning_statement": out_str(),
            "mission": out_str(),
            "pillars": {
                "type": "array",
                "minItems": 3,
                "items": obj(
                    {"name": out_str(), "description": out_str(), "example_topics": out_strs()}
                ),
            },
            "voice_guidelines": obj({"do": out_strs(), "dont": out_strs()}),
            "tagline_options": out_strs(),
        }
    ),
    example_input={
        "brand_name": "Crumb & Co",
        "industry": "artisan bakery",
        "audience": "busy professionals who want real bread",
        "values": ["craft", "honesty", "community"],
        "goals": ["grow weekday orders", "build a loyal local following"],
        "differentiators": ["bakes everything before 6am with local flour"],
        "brand_voice": {
            "tone": "friendly",
            "words_to_use": ["fresh", "local"],
            "words_to_avoid": ["cheap"],
        },
    },
)

CALENDAR = AgentSpec(
    slug="calendar-planner",
    name="Calendar Planner",
    category=CATEGORY,
    sort_order=2,
    description=(
        "Plans a content calendar: what to post, where, in which format and when, week by week."
    ),
    capabilities=(
        "1 to 8 weeks",
        "Rotates pillars, networks and formats",
        "Posting times per network",
    ),
    tier="large",
    credit_operation="strategy",
    system_prompt=(
        "You plan content calendars. Spread the posts per week over the strongest weekdays "
        "(Tuesday to Thursday first), rotate networks, pillars and formats suited to each "
        "network, give each entry a time in a commonly strong window for that network and a "
        "one-line idea. Dates start on or after the start date. " + COMMON_RULES
    ),
    user_template=(
        "Start: {start_date}\nWeeks: {weeks}\nNetworks: {platforms}\nPosts per week: "
        "{posts_per_week}\n"
        "Pillars: {pillars}\nBrand voice: {brand_voice}"
    ),
    input_schema=input_schema(
        {
            "start_date": DATE,
            "weeks": integer("How many weeks.", minimum=1, maximum=8, default=2),
            "platforms": choices(
                "Networks.", PLATFORM_CHOICES, min_items=1, default=["instagram", "linkedin"]
            ),
            "posts_per_week": integer(
                "Posts per week, all networks together.", minimum=1, maximum=21, default=5
            ),
            "pillars": strings("Content pillars to rotate.", max_items=8, max_length=60),
        },
        ["start_date"],
    ),
    output_schema=output_schema(
        {
            "start_date": out_str(),
            "weeks": out_int(minimum=1),
            "entries": {
                "type": "array",
                "minItems": 1,
                "items": obj(
                    {
                        "date": out_str(),
                        "weekday": out_str(),
                        "time": out_str(),
                        "platform": out_str(),
                        "pillar": out_str(),
                        "format": out_str(),
                        "idea": out_str(),
                    }
                ),
            },
            "summary": out_str(),
        }
    ),
    example_input={
        "start_date": "2025-06-02",
        "weeks": 2,
        "platforms": ["instagram", "linkedin"],
        "posts_per_week": 4,
        "pillars": ["Baking tips", "Behind the scenes", "Customer stories"],
    },
)

CAMPAIGN = AgentSpec(
    slug="campaign-planner",
    name="Campaign Planner",
    category=CATEGORY,
    sort_order=3,
    description=(
        "Plans a campaign end to end: big idea, phases with dates and tactics, KPIs and "
        "budget split."
    ),
    capabilities=(
        "Tease, launch, sustain, recap",
        "KPIs matched to the objective",
        "Budget split by channel",
    ),
    tier="large",
    credit_operation="strategy",
    system_prompt=(
        "You are a campaign strategist. Write a big idea and key message, split the campaign "
        "into tease, launch, sustain and recap phases with dates inside the campaign window, "
        "give each phase a goal and tactics, set KPIs that match the objective, list content "
        "ideas and split the budget by channel (percent and amount; amount 0 without a "
        "budget). " + COMMON_RULES
    ),
    user_template=(
        "Campaign: {campaign_name}\nObjective: {objective}\nProduct: "
        "{product}\nAudience: {audience}\n"
        "Start: {start_date}\nDays: {duration_days}\nChannels: {channels}\nBudget: {budget}\n"
        "Brand voice: {brand_voice}"
    ),
    input_schema=input_schema(
        {
            "campaign_name": string("Name of the campaign.", min_length=2, max_length=100),
            "objective": choice(
                "Main objective.",
                ["awareness", "engagement", "leads", "sales", "launch"],
                "awareness",
            ),
            "product": string("What is promoted.", min_length=2, max_length=120),
            "audience": string("Who it's for.", min_length=3, max_length=200),
            "start_date": DATE,
            "duration_days": integer("Length in days.", minimum=7, maximum=90, default=28),
            "channels": choices(
                "Channels.",
                [*PLATFORM_CHOICES, "email"],
                min_items=1,
                default=["instagram", "email"],
            ),
            "budget": number("Total budget (any currency)."),
        },
        ["campaign_name", "product", "audience", "start_date"],
    ),
    output_schema=output_schema(
        {
            "name": out_str(),
            "objective": out_str(),
            "big_idea": out_str(),
            "key_message": out_str(),
            "phases": {
                "type": "array",
                "minItems": 1,
                "items": obj(
                    {
                        "name": out_str(),
                        "start_date": out_str(),
                        "end_date": out_str(),
                        "goal": out_str(),
                        "tactics": out_strs(),
                    }
                ),
            },
            "kpis": {"type": "array", "items": obj({"metric": out_str(), "target": out_str()})},
            "content_ideas": out_strs(),
            "budget_split": {
                "type": "array",
                "items": obj(
                    {
                        "channel": out_str(),
                        "percent": out_num(minimum=0, maximum=100),
                        "amount": out_num(minimum=0),
                    }
                ),
            },
        }
    ),
    example_input={
        "campaign_name": "Summer Sourdough Club",
        "objective": "launch",
        "product": "a weekly sourdough subscription",
        "audience": "local families who bake at weekends",
        "start_date": "2025-06-01",
        "duration_days": 28,
        "channels": ["instagram", "facebook", "email"],
        "budget": 1500,
    },
)

PERSONAS = AgentSpec(
    slug="audience-persona-builder",
    name="Audience Persona Builder",
    category=CATEGORY,
    sort_order=4,
    description=(
        "Builds audience personas: goals, pain points, channels, objections and the message "
        "that lands."
    ),
    capabilities=(
        "1 to 5 personas",
        "Channels and objections per persona",
        "Marked as hypotheses to validate",
    ),
    tier="large",
    credit_operation="strategy",
    system_prompt=(
        "You build marketing personas. From the audience description, create distinct personas "
        "with a name and archetype, role, age range, goals, pain points, the channels they use, "
        "their objections and one message that would resonate. Personas are hypotheses: say "
        "what to validate with real customers in the note. " + COMMON_RULES
    ),
    user_template=(
        "Product: {product}\nIndustry: {industry}\nAudience: "
        "{audience_description}\nPersonas: {count}\n"
        "Brand voice: {brand_voice}"
    ),
    input_schema=input_schema(
        {
            "product": string("What you sell.", min_length=2, max_length=120),
            "industry": string("Industry.", min_length=2, max_length=80),
            "audience_description": string(
                "Who buys today, in your words.",
                min_length=5,
                max_length=1000,
                **{"x-widget": "textarea"},
            ),
            "count": integer("How many personas.", minimum=1, maximum=5, default=3),
        },
        ["product", "industry", "audience_description"],
    ),
    output_schema=output_schema(
        {
            "personas": {
                "type": "array",
                "minItems": 1,
                "items": obj(
                    {
                        "name": out_str(),
                        "role": out_str(),
                        "age_range": out_str(),
                        "goals": out_strs(),
                        "pain_points": out_strs(),
                        "channels": out_strs(),
                        "objections": out_strs(),
                        "message_that_resonates": out_str(),
                        "based_on": out_str(),
                    }
                ),
            },
            "note": out_str(),
        }
    ),
    example_input={
        "product": "a social media scheduling tool",
        "industry": "marketing software",
        "audience_description": (
            "small agencies managing 5-20 client accounts who juggle approvals over email"
        ),
        "count": 3,
    },
)

AGENTS = [BRAND, CALENDAR, CAMPAIGN, PERSONAS]
